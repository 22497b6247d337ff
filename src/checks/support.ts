/** Helpers the Dockerfile checks share: locations, commands, package managers. */
import type { Instruction, ShellCommand } from '../dockerfile/model.js';
import type { Location } from '../types.js';

/** The instruction's first line, whole: where an annotation on the instruction belongs. */
export function at(ins: Instruction): Location {
  return ins.location;
}

/** Basename of a command (`/usr/bin/apt-get` -> `apt-get`). */
export function commandName(cmd: ShellCommand): string {
  const n = cmd.name;
  return n.slice(n.lastIndexOf('/') + 1);
}

/**
 * The command actually run, looking through wrappers: `sudo apt-get`, `env X=1 apt-get`,
 * `xargs apt-get`, `nice`, `timeout 5 curl`. Returns the name and its arguments.
 */
export function effectiveCommand(cmd: ShellCommand): { name: string; args: string[] } {
  let name = commandName(cmd);
  let args = cmd.args;
  for (let guard = 0; guard < 5; guard++) {
    if (name === 'sudo' || name === 'env' || name === 'nice' || name === 'nohup' || name === 'xargs' || name === 'exec' || name === 'command') {
      let i = 0;
      while (i < args.length && (args[i].startsWith('-') || (name === 'env' && args[i].includes('=')))) i++;
      if (i >= args.length) break;
      name = args[i].slice(args[i].lastIndexOf('/') + 1);
      args = args.slice(i + 1);
    } else if (name === 'timeout') {
      let i = 0;
      while (i < args.length && args[i].startsWith('-')) i++;
      i++; // the duration
      if (i >= args.length) break;
      name = args[i].slice(args[i].lastIndexOf('/') + 1);
      args = args.slice(i + 1);
    } else break;
  }
  return { name, args };
}

/** Does an argument list carry a flag, in long (`--flag`, `--flag=v`) or short (`-k`, `-sk`) form? */
export function hasFlag(args: string[], long: string[], short: string[] = []): boolean {
  for (const a of args) {
    if (a === '--') return false;
    if (long.some((l) => a === l || a.startsWith(l + '='))) return true;
    if (short.length && /^-[A-Za-z0-9]+$/.test(a) && short.some((s) => a.slice(1).includes(s))) return true;
  }
  return false;
}

/** Arguments that are not options (after the subcommand): packages, paths. */
export function operands(args: string[]): string[] {
  return args.filter((a) => !a.startsWith('-'));
}

export interface PackageAction {
  manager: string;
  verb: 'update' | 'install' | 'upgrade' | 'other';
  args: string[];
  cmd: ShellCommand;
}

const MANAGERS: Record<string, { update: string[]; install: string[] }> = {
  'apt-get': { update: ['update'], install: ['install'] },
  apt: { update: ['update'], install: ['install'] },
  aptitude: { update: ['update'], install: ['install'] },
  yum: { update: ['makecache', 'check-update'], install: ['install', 'groupinstall', 'localinstall'] },
  dnf: { update: ['makecache', 'check-update'], install: ['install', 'groupinstall'] },
  microdnf: { update: ['makecache'], install: ['install'] },
  apk: { update: ['update'], install: ['add'] },
  zypper: { update: ['refresh', 'ref'], install: ['install', 'in'] },
};

/** Package-manager commands in a RUN body: which manager, and whether it updates an index or installs. */
export function packageActions(commands: ShellCommand[]): PackageAction[] {
  const out: PackageAction[] = [];
  for (const cmd of commands) {
    const { name, args } = effectiveCommand(cmd);
    const m = MANAGERS[name];
    if (!m) continue;
    const sub = args.find((a) => !a.startsWith('-'));
    const verb = sub === undefined ? 'other' : m.update.includes(sub) ? 'update' : m.install.includes(sub) ? 'install' : sub === 'upgrade' || sub === 'dist-upgrade' ? 'upgrade' : 'other';
    out.push({ manager: name, verb, args, cmd });
  }
  return out;
}
