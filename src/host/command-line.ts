/**
 * The daemon's command line (`/proc/<pid>/cmdline`) read the way dockerd's flag parser (pflag) reads it:
 * `--flag=value`, `--flag value`, `-H value`, `-Hvalue`, boolean flags that take no separate value.
 * Each flag keeps its column in `argv.join(' ')`, so a finding can point at it.
 */
import type { Location } from '../types.js';
import { COMMAND_LINE_FILE } from './model.js';

export interface Flag {
  /** The long name without dashes (`-H` becomes `host`). */
  name: string;
  /** The value; `true` for a boolean flag given without `=value`. */
  value: string | true;
  /** The flag as written (`--icc=false`, `-H tcp://0.0.0.0:2375`). */
  text: string;
  location: Location;
}

const SHORT: Record<string, string> = { H: 'host', D: 'debug', l: 'log-level', s: 'storage-driver', g: 'data-root', G: 'group', p: 'pidfile', v: 'version', h: 'help' };
const ALIASES: Record<string, string> = { graph: 'data-root' };

/** dockerd's flags that take no separate value (`--icc false` is not `--icc=false` to pflag). */
const BOOLEAN = new Set([
  'debug', 'tls', 'tlsverify', 'icc', 'iptables', 'ip6tables', 'ip-forward', 'ip-masq', 'ipv6', 'live-restore', 'no-new-privileges',
  'userland-proxy', 'experimental', 'selinux-enabled', 'raw-logs', 'init', 'rootless', 'validate', 'version', 'help',
  'cri-containerd', 'disable-legacy-registry', 'shutdown-timeout-disabled',
]);

/** The daemon program and whether argv is a docker daemon at all (`dockerd ...`, `docker daemon ...`). */
export function isDaemonCommand(argv: string[]): boolean {
  const base = (argv[0] ?? '').slice((argv[0] ?? '').lastIndexOf('/') + 1);
  return base === 'dockerd' || (base === 'docker' && argv[1] === 'daemon');
}

export function parseCommandLine(argv: string[]): Flag[] {
  const flags: Flag[] = [];
  const offsets: number[] = [];
  let pos = 0;
  for (const a of argv) {
    offsets.push(pos);
    pos += a.length + 1;
  }
  const loc = (from: number, to: number): Location => ({
    file: COMMAND_LINE_FILE,
    startLine: 1,
    startColumn: offsets[from] + 1,
    endLine: 1,
    endColumn: offsets[to] + argv[to].length + 1,
  });
  let i = argv[1] === 'daemon' ? 2 : 1;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    if (!a.startsWith('-') || a === '-') continue;
    let name: string;
    let inline: string | undefined;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      inline = eq < 0 ? undefined : a.slice(eq + 1);
    } else {
      name = SHORT[a[1]] ?? a[1];
      const rest = a.slice(2);
      inline = rest === '' ? undefined : rest.startsWith('=') ? rest.slice(1) : rest;
      if (BOOLEAN.has(name) && inline !== undefined && !/^(true|false)$/i.test(inline)) inline = undefined; // -Dl: not supported, keep -D
    }
    name = ALIASES[name] ?? name;
    if (inline !== undefined) {
      flags.push({ name, value: inline, text: a, location: loc(i, i) });
    } else if (BOOLEAN.has(name)) {
      flags.push({ name, value: true, text: a, location: loc(i, i) });
    } else if (i + 1 < argv.length) {
      flags.push({ name, value: argv[i + 1], text: `${a} ${argv[i + 1]}`, location: loc(i, i + 1) });
      i++;
    } else {
      flags.push({ name, value: '', text: a, location: loc(i, i) });
    }
  }
  return flags;
}

/** Split a command line written as one string (rule examples): on spaces, with simple single/double quotes. */
export function splitCommandLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  let has = false;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (/\s/.test(ch)) {
      if (has || cur) out.push(cur);
      cur = '';
      has = false;
    } else cur += ch;
  }
  if (has || cur) out.push(cur);
  return out;
}
