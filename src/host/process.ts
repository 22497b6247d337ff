/**
 * Finds the dockerd process that serves a unix socket on this machine, and reads its command line.
 * First by the socket itself (the listening socket's inode in /proc/net/unix, held open by the process),
 * which is exact; then, when other users' file descriptors cannot be read, by the sockets each dockerd's
 * command line and daemon.json declare; then by the pidfile.
 */
import { readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { isDaemonCommand, parseCommandLine } from './command-line.js';
import { DEFAULT_SOCKET } from './model.js';

export interface DaemonProcess {
  pid: number;
  commandLine: string[];
  environment?: Record<string, string>;
}

function readArgv(proc: string, pid: string): string[] | undefined {
  try {
    const raw = readFileSync(join(proc, pid, 'cmdline'), 'utf8');
    const argv = raw.split('\0');
    if (argv[argv.length - 1] === '') argv.pop();
    return argv;
  } catch {
    return undefined;
  }
}

function readEnv(proc: string, pid: number): Record<string, string> | undefined {
  try {
    const out: Record<string, string> = {};
    for (const kv of readFileSync(join(proc, String(pid), 'environ'), 'utf8').split('\0')) {
      const eq = kv.indexOf('=');
      if (eq > 0) out[kv.slice(0, eq)] = kv.slice(eq + 1);
    }
    return out;
  } catch {
    return undefined;
  }
}

function same(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  };
  return a === b || real(a) === real(b);
}

/** The sockets a dockerd command line declares (its -H unix:// hosts, else the default socket). */
function declaredSockets(argv: string[]): string[] {
  const hosts = parseCommandLine(argv).filter((f) => f.name === 'host').map((f) => String(f.value));
  const configFlag = parseCommandLine(argv).find((f) => f.name === 'config-file');
  if (!hosts.length) {
    try {
      const cfg = JSON.parse(readFileSync(typeof configFlag?.value === 'string' ? configFlag.value : '/etc/docker/daemon.json', 'utf8')) as { hosts?: unknown };
      if (Array.isArray(cfg.hosts)) hosts.push(...cfg.hosts.map(String));
    } catch {
      /* no readable daemon.json: the default applies */
    }
  }
  const out = hosts.flatMap((h) => (h.startsWith('unix://') ? [h.slice(7) || DEFAULT_SOCKET] : h.startsWith('fd://') ? [DEFAULT_SOCKET] : []));
  return hosts.length ? out : [DEFAULT_SOCKET];
}

/** Inodes of listening unix sockets bound to `socketPath`, from /proc/net/unix. */
function socketInodes(proc: string, socketPath: string): Set<string> {
  const out = new Set<string>();
  try {
    for (const line of readFileSync(join(proc, 'net', 'unix'), 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length >= 8 && same(f[7], socketPath)) out.add(f[6]);
    }
  } catch {
    /* not Linux, or no /proc */
  }
  return out;
}

function holdsSocket(proc: string, pid: number, inodes: Set<string>): boolean | undefined {
  let fds: string[];
  try {
    fds = readdirSync(join(proc, String(pid), 'fd'));
  } catch {
    return undefined; // another user's process: not readable
  }
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(join(proc, String(pid), 'fd', fd)));
      if (m && inodes.has(m[1])) return true;
    } catch {
      /* fd closed meanwhile */
    }
  }
  return false;
}

/** The dockerd serving `socketPath`, or why none was found. */
export function findDaemonProcess(socketPath: string, proc = '/proc'): DaemonProcess | { reason: string } {
  let pids: string[];
  try {
    pids = readdirSync(proc).filter((p) => /^\d+$/.test(p));
  } catch {
    return { reason: `${proc} cannot be read` };
  }
  const daemons: DaemonProcess[] = [];
  for (const pid of pids) {
    const argv = readArgv(proc, pid);
    if (argv && isDaemonCommand(argv)) daemons.push({ pid: Number(pid), commandLine: argv });
  }
  if (!daemons.length) return { reason: 'no dockerd process is visible from here (the gate may run in a container with the socket mounted, or on another machine)' };
  const withEnv = (d: DaemonProcess): DaemonProcess => ({ ...d, environment: readEnv(proc, d.pid) });

  const inodes = socketInodes(proc, socketPath);
  if (inodes.size) {
    const holding = daemons.filter((d) => holdsSocket(proc, d.pid, inodes) === true);
    if (holding.length === 1) return withEnv(holding[0]);
  }
  const declared = daemons.filter((d) => declaredSockets(d.commandLine).some((s) => same(s, socketPath)));
  if (declared.length === 1) return withEnv(declared[0]);
  try {
    const pid = Number(readFileSync('/var/run/docker.pid', 'utf8').trim());
    const byPidfile = (declared.length ? declared : daemons).find((d) => d.pid === pid);
    if (byPidfile && same(socketPath, DEFAULT_SOCKET)) return withEnv(byPidfile);
  } catch {
    /* no pidfile */
  }
  return {
    reason: declared.length > 1 ? `${declared.length} dockerd processes declare ${socketPath}; which one serves it cannot be told` : `none of the ${daemons.length} dockerd process(es) visible here serves ${socketPath}`,
  };
}
