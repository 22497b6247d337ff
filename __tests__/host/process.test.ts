/** Finding the dockerd that serves a socket, on a fake /proc. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findDaemonProcess } from '../../src/host/process.js';

let proc: string;
beforeEach(() => {
  proc = mkdtempSync(join(tmpdir(), 'cis-fake-proc-'));
});
afterEach(() => rmSync(proc, { recursive: true, force: true }));

function processEntry(pid: number, argv: string[], fds: Record<string, string> | null): void {
  mkdirSync(join(proc, String(pid)));
  writeFileSync(join(proc, String(pid), 'cmdline'), argv.join('\0') + '\0');
  if (fds) {
    mkdirSync(join(proc, String(pid), 'fd'));
    for (const [fd, target] of Object.entries(fds)) symlinkSync(target, join(proc, String(pid), 'fd', fd));
  }
}

test('by the listening socket held open: exact even when two daemons run', () => {
  mkdirSync(join(proc, 'net'));
  writeFileSync(
    join(proc, 'net', 'unix'),
    'Num       RefCount Protocol Flags    Type St Inode Path\n' +
      '0000000000000000: 00000002 00000000 00010000 0001 01 4242 /tmp/second.sock\n' +
      '0000000000000000: 00000002 00000000 00010000 0001 01 1111 /var/run/docker.sock\n',
  );
  processEntry(100, ['dockerd', '--bridge=none'], { '3': 'socket:[1111]' });
  processEntry(200, ['/usr/bin/dockerd', '--host=unix:///tmp/second.sock'], { '3': '/dev/null', '4': 'socket:[4242]' });
  processEntry(300, ['containerd', '--config', 'x'], null);
  expect(findDaemonProcess('/tmp/second.sock', proc)).toMatchObject({ pid: 200, commandLine: ['/usr/bin/dockerd', '--host=unix:///tmp/second.sock'] });
  expect(findDaemonProcess('/var/run/docker.sock', proc)).toMatchObject({ pid: 100 });
});

test('by the sockets each command line declares when file descriptors cannot be read', () => {
  processEntry(100, ['dockerd', '-H', 'fd://'], null);
  processEntry(200, ['dockerd', '-H', 'unix:///tmp/other.sock', '-H', 'tcp://0.0.0.0:2376'], null);
  expect(findDaemonProcess('/var/run/docker.sock', proc)).toMatchObject({ pid: 100 });
  expect(findDaemonProcess('/tmp/other.sock', proc)).toMatchObject({ pid: 200 });
  expect(findDaemonProcess('/tmp/unknown.sock', proc)).toEqual({ reason: expect.stringContaining('none of the 2 dockerd') });
});

test('no dockerd visible: the reason says the gate may run elsewhere', () => {
  processEntry(1, ['/sbin/init'], null);
  expect(findDaemonProcess('/var/run/docker.sock', proc)).toEqual({ reason: expect.stringMatching(/no dockerd process is visible/) });
});
