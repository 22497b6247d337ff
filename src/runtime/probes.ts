/**
 * Reading what the engine tells about a running container, as pure functions: the `top` tables, the kernel's
 * socket tables (/proc/net/tcp, tcp6, udp, udp6), the multiplexed log and exec streams, and log lines made safe
 * to show (values the gate passed in, and anything shaped like a secret, withheld).
 */
import { describeSecret, secretValue } from '../secrets/detect.js';
import type { ListeningSocket, ProcessInfo } from './model.js';

export interface TopResult {
  Titles?: string[];
  Processes?: string[][];
}

/**
 * Joins `top -o pid,ppid,uid,gid,args` with `top -o pid,comm` (comm last, so a command name with spaces stays
 * whole). Without the detailed table (an engine whose ps takes no `-o`), reads the default one, whose UID
 * column may hold a name: `root` is 0, another name is some other user.
 */
export function processesFromTop(detail: TopResult | undefined, comms: TopResult | undefined, plain?: TopResult): ProcessInfo[] {
  const col = (t: TopResult | undefined, name: string) => (t?.Titles ?? []).findIndex((x) => x.trim().toUpperCase() === name);
  const commByPid = new Map<number, string>();
  if (comms?.Processes) {
    const p = col(comms, 'PID');
    const c = (comms.Titles ?? []).length - 1;
    for (const row of comms.Processes) commByPid.set(Number(row[p]), (row[c] ?? '').trim());
  }
  const table = detail?.Processes ? detail : plain;
  if (!table?.Processes) return [];
  const pid = col(table, 'PID');
  const ppid = col(table, 'PPID');
  const uid = col(table, 'UID');
  const gid = col(table, 'GID');
  const titles = table.Titles ?? [];
  const args = titles.length - 1;
  return table.Processes.map((row) => {
    const rawUid = (row[uid] ?? '').trim();
    const info: ProcessInfo = {
      pid: Number(row[pid]),
      uid: /^\d+$/.test(rawUid) ? Number(rawUid) : rawUid === 'root' ? 0 : -1,
      comm: '',
      args: (row[args] ?? '').trim(),
    };
    if (ppid >= 0 && /^\d+$/.test(row[ppid] ?? '')) info.ppid = Number(row[ppid]);
    if (gid >= 0 && /^\d+$/.test(row[gid] ?? '')) info.gid = Number(row[gid]);
    info.comm = commByPid.get(info.pid) ?? (info.args.split(/\s+/)[0] ?? '').replace(/:$/, '').split('/').pop() ?? '';
    return info;
  });
}

function ipv4(hex: string): string {
  const b = Buffer.from(hex, 'hex');
  return [b[3], b[2], b[1], b[0]].join('.');
}

function ipv6(hex: string): string {
  // Four 32-bit words, each in host (little-endian) byte order.
  const bytes: number[] = [];
  for (let w = 0; w < 4; w++) {
    const b = Buffer.from(hex.slice(w * 8, w * 8 + 8), 'hex');
    bytes.push(b[3], b[2], b[1], b[0]);
  }
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
  if (groups.slice(0, 5).every((g) => g === '0') && groups[5] === 'ffff') return `::ffff:${bytes.slice(12).join('.')}`;
  // Compress the longest run of zero groups.
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  if (bestLen < 2) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

/**
 * The listening sockets in the concatenated text of /proc/net/{tcp,tcp6,udp,udp6}. Each file starts with a
 * header line; UDP's header ends with `ref pointer drops`. TCP sockets in state 0A (LISTEN) and unconnected UDP
 * sockets (state 07, no remote port) are listening.
 */
export function listeningFromProcNet(text: string): ListeningSocket[] {
  const out: ListeningSocket[] = [];
  const seen = new Set<string>();
  let protocol: 'tcp' | 'udp' | undefined;
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (!t) continue;
    if (t.includes('local_address')) {
      protocol = /\bdrops\b|\bref\b/.test(t) ? 'udp' : 'tcp';
      continue;
    }
    if (!protocol) continue;
    const f = t.split(/\s+/);
    const local = f[1];
    const remote = f[2];
    const state = f[3];
    if (!local || !state || !local.includes(':')) continue;
    const [addrHex, portHex] = local.split(':');
    const listening = protocol === 'tcp' ? state === '0A' : state === '07' && remote?.endsWith(':0000');
    if (!listening) continue;
    const address = addrHex.length === 8 ? ipv4(addrHex) : addrHex.length === 32 ? ipv6(addrHex) : addrHex;
    const s: ListeningSocket = { protocol, address, port: parseInt(portHex, 16) };
    const key = `${s.protocol} ${s.address} ${s.port}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(s);
    }
  }
  return out;
}

/** Splits a multiplexed engine stream (8-byte frame headers) into stdout and stderr; a TTY stream is all stdout. */
export function demux(buffer: Buffer): { stdout: string; stderr: string } {
  const looksMultiplexed = buffer.length >= 8 && buffer[0] <= 2 && buffer[1] === 0 && buffer[2] === 0 && buffer[3] === 0;
  if (!looksMultiplexed) return { stdout: buffer.toString('utf8'), stderr: '' };
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let i = 0;
  while (i + 8 <= buffer.length) {
    const type = buffer[i];
    const size = buffer.readUInt32BE(i + 4);
    const chunk = buffer.subarray(i + 8, i + 8 + size);
    (type === 2 ? err : out).push(chunk);
    i += 8 + size;
  }
  return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

/**
 * The last `max` non-empty log lines, made safe to show: values the gate passed to the container (its
 * environment) are masked, a line with something shaped like a secret is withheld, long lines are cut.
 */
export function safeLogLines(text: string, secrets: string[], max = 10, width = 200): string[] {
  const values = secrets.filter((v) => v.length >= 4).sort((a, b) => b.length - a.length);
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').trimEnd())
    .filter((l) => l.trim());
  return lines.slice(-max).map((l) => {
    let line = l;
    for (const v of values) line = line.split(v).join('****');
    const kind = secretValue(line, { entropy: false });
    if (kind) return `(a line with ${describeSecret(kind)} withheld)`;
    return line.length > width ? `${line.slice(0, width - 1)}…` : line;
  });
}
