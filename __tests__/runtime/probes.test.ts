/** Reading the engine's answers: top tables, /proc/net socket tables, multiplexed streams, safe log lines. */
import { demux, listeningFromProcNet, processesFromTop, safeLogLines } from '../../src/runtime/probes.js';

// `cat /proc/net/tcp /proc/net/tcp6 /proc/net/udp /proc/net/udp6` in a busybox container (httpd on :::9090 and
// 127.0.0.1:5432), plus UDP lines: one bound socket (53) and one connected one (not listening).
const PROC_NET = [
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode                                                     ',
  '   0: 0100007F:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 214235 1 00000000463cd7dc 100 0 0 10 0                    ',
  '   1: 0100007F:1538 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 214236 1 00000000463cd7dc 100 0 0 10 0                    ',
  '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
  '   0: 00000000000000000000000000000000:2382 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 214231 1 0000000030010c80 100 0 0 10 0',
  '   1: 00000000000000000000000001000000:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 214232 1 0000000030010c80 100 0 0 10 0',
  '   2: 0000000000000000FFFF00000100007F:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 214233 1 0000000030010c80 100 0 0 10 0',
  '   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops            ',
  '  123: 00000000:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 1000 2 0000000000000000 0',
  '  124: 0200000A:0044 08080808:0035 01 00000000:00000000 00:00000000 00000000     0        0 1001 2 0000000000000000 0',
  '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops',
  '',
].join('\n');

test('listening sockets from /proc/net: TCP LISTEN, unconnected UDP; IPv4, IPv6 and v4-mapped addresses decoded', () => {
  expect(listeningFromProcNet(PROC_NET)).toEqual([
    { protocol: 'tcp', address: '127.0.0.1', port: 5432 },
    { protocol: 'tcp', address: '::', port: 9090 },
    { protocol: 'tcp', address: '::1', port: 80 },
    { protocol: 'tcp', address: '::ffff:127.0.0.1', port: 22 },
    { protocol: 'udp', address: '0.0.0.0', port: 53 },
  ]);
  expect(listeningFromProcNet('')).toEqual([]);
});

test('top: the detailed table joined with the command names (which may hold spaces)', () => {
  const detail = {
    Titles: ['PID', 'PPID', 'UID', 'GID', 'COMMAND'],
    Processes: [
      ['100', '90', '0', '0', 'sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups'],
      ['101', '100', '1000', '1000', '/bin/sh /usr/sbin/worker --x'],
    ],
  };
  const comms = { Titles: ['PID', 'COMMAND'], Processes: [['100', 'sshd'], ['101', 'my worker']] };
  expect(processesFromTop(detail, comms)).toEqual([
    { pid: 100, ppid: 90, uid: 0, gid: 0, comm: 'sshd', args: 'sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups' },
    { pid: 101, ppid: 100, uid: 1000, gid: 1000, comm: 'my worker', args: '/bin/sh /usr/sbin/worker --x' },
  ]);
});

test('top without -o: the default table, whose UID column may be a name', () => {
  const plain = {
    Titles: ['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD'],
    Processes: [
      ['root', '7', '1', '0', '08:14', '?', '00:00:00', '/usr/sbin/sshd -D'],
      ['1000', '8', '7', '0', '08:14', '?', '00:00:00', 'node server.js'],
      ['www-data', '9', '7', '0', '08:14', '?', '00:00:00', 'nginx: worker process'],
    ],
  };
  expect(processesFromTop(undefined, undefined, plain).map((p) => [p.uid, p.comm])).toEqual([
    [0, 'sshd'],
    [1000, 'node'],
    [-1, 'nginx'],
  ]);
});

test('demux splits stdout and stderr frames; a TTY stream is all stdout', () => {
  const frame = (type: number, text: string) => {
    const body = Buffer.from(text);
    const head = Buffer.alloc(8);
    head[0] = type;
    head.writeUInt32BE(body.length, 4);
    return Buffer.concat([head, body]);
  };
  expect(demux(Buffer.concat([frame(1, 'out1\n'), frame(2, 'err\n'), frame(1, 'out2\n')]))).toEqual({ stdout: 'out1\nout2\n', stderr: 'err\n' });
  expect(demux(Buffer.from('plain text\n'))).toEqual({ stdout: 'plain text\n', stderr: '' });
});

test('log lines: the last ones, values the gate passed in masked, secret-shaped lines withheld, long lines cut', () => {
  const lines = safeLogLines(
    ['starting', '\x1b[31merror:\x1b[0m cannot connect with password hunter2-pw', 'token ghp_0123456789abcdefghijklmnopqrstuvwxyzAB rejected', 'x'.repeat(300), ''].join('\n'),
    ['hunter2-pw'],
    3,
  );
  expect(lines).toEqual(['error: cannot connect with password ****', '(a line with a GitHub token withheld)', `${'x'.repeat(199)}…`]);
});
