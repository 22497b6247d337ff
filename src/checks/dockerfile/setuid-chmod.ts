/**
 * CIS 4.8: a RUN that sets the setuid or setgid bit (`chmod u+s`, `chmod 4755`, `install -m 2755`,
 * `find … -exec chmod u+s {} \;`) gives every user of the container a way to run that program with its
 * owner's or group's rights. Directories are left alone: setgid on a directory only sets the group of new files.
 */
import { allInstructions, type Instruction, type ShellCommand } from '../../dockerfile/model.js';
import { substitute } from '../../dockerfile/substitute.js';
import type { RawFinding } from '../../types.js';
import { dockerfileCheck, skip } from '../check.js';
import { decide, effectiveCommand, parseOptions, reachingStages, shellEnvBefore, unparsedRuns } from '../support.js';

export interface SpecialBits {
  setuid: boolean;
  setgid: boolean;
}

const CLAUSE = /^([ugoa]*)((?:[-+=](?:[rwxXst]*|[ugo]))+)$/;

/** The setuid/setgid bits a chmod mode adds (`u+s`, `g=rwxs`, `+s`, `4755`, `02755`); undefined for a mode that is not one. */
export function addedSpecialBits(mode: string): SpecialBits | undefined {
  if (/^[0-7]+$/.test(mode)) {
    const value = parseInt(mode, 8);
    if (value > 0o7777) return undefined;
    return { setuid: (value & 0o4000) !== 0, setgid: (value & 0o2000) !== 0 };
  }
  const bits: SpecialBits = { setuid: false, setgid: false };
  for (const clause of mode.split(',')) {
    const m = CLAUSE.exec(clause);
    if (!m) return undefined;
    const who = m[1];
    for (const op of m[2].match(/[-+=][^-+=]*/g) ?? []) {
      if (op[0] === '-' || !op.includes('s')) continue;
      if (who === '' || who.includes('a') || who.includes('u')) bits.setuid = true;
      if (who === '' || who.includes('a') || who.includes('g')) bits.setgid = true;
    }
  }
  return bits;
}

const describe = (b: SpecialBits) => (b.setuid && b.setgid ? 'the setuid and setgid bits' : b.setuid ? 'the setuid bit' : 'the setgid bit');

const CHMOD_FLAGS = /^-[cfvRHLP]+$/;

/** Split chmod's arguments into mode and files, or undefined when the mode comes from a reference file. */
function chmodParts(args: string[]): { mode: string; files: string[]; recursive: boolean } | undefined {
  let recursive = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') return args[i + 1] === undefined ? undefined : { mode: args[i + 1], files: args.slice(i + 2), recursive };
    if (a.startsWith('--reference')) return undefined;
    if (a === '--recursive') recursive = true;
    else if (CHMOD_FLAGS.test(a)) recursive ||= a.includes('R');
    else if (!a.startsWith('--')) return { mode: a, files: args.slice(i + 1), recursive };
  }
  return undefined;
}

interface Hit {
  bits: SpecialBits;
  shown: string;
  /** Applied to every file a `find` matches. */
  many?: boolean;
}

function trimSlash(p: string): string {
  let end = p.length;
  while (end > 1 && p[end - 1] === '/') end--;
  return p.slice(0, end);
}

/** install's options that take a value (`-m MODE`, `-g GROUP`, `-o OWNER`, `-S SUFFIX`, `-t DIR`). */
const INSTALL_VALUED = { short: 'mgoSt', long: ['--mode', '--group', '--owner', '--suffix', '--target-directory'] };

/**
 * `install -m 4755 src dst`, `install -Dm4755 …`. `install -d` makes directories: no finding, and its
 * operands are remembered as directories.
 */
function installHit(args: string[], env: Record<string, string>, directories: Set<string>): Hit | undefined {
  const { options, operands: paths } = parseOptions(args, INSTALL_VALUED);
  const mode = options.filter((o) => o.name === '-m' || o.name === '--mode').at(-1)?.value;
  const dirs = options.some((o) => o.name === '-d' || o.name === '--directory');
  if (dirs) {
    for (const p of paths) directories.add(trimSlash(substitute(p, env).value));
    return undefined;
  }
  if (mode === undefined) return undefined;
  const bits = addedSpecialBits(substitute(mode, env).value);
  return bits && (bits.setuid || bits.setgid) ? { bits, shown: `install -m ${mode}` } : undefined;
}

export default dockerfileCheck((model) => {
  if (model.finalStage < 0) return skip('the Dockerfile has no stage');
  const reaching = new Set(reachingStages(model).map((s) => s.index));
  const instructions = allInstructions(model);
  /** Paths known to be directories: WORKDIRs, `mkdir` and `install -d` operands seen so far. */
  const directories = new Set<string>();
  const findings: RawFinding[] = [];

  const chmodHit = (args: string[], env: Record<string, string>): Hit | undefined => {
    const parts = chmodParts(args);
    if (!parts) return undefined;
    const bits = addedSpecialBits(substitute(parts.mode, env).value);
    if (!bits || (!bits.setuid && !bits.setgid)) return undefined;
    const files = parts.files.map((f) => substitute(f, env).value);
    const allDirectories = files.length > 0 && files.every((f) => f.endsWith('/') || directories.has(trimSlash(f)));
    if (allDirectories && !parts.recursive) return undefined;
    return { bits, shown: `chmod ${parts.mode}${parts.files.length ? ` ${parts.files.join(' ')}` : ''}` };
  };

  const check = (ins: Instruction, cmd: ShellCommand): Hit | undefined => {
    let { name, args } = effectiveCommand(cmd);
    if (name === 'busybox' && args.length) [name, args] = [args[0].slice(args[0].lastIndexOf('/') + 1), args.slice(1)];
    const env = shellEnvBefore(ins, cmd);
    if (name === 'mkdir') {
      for (let i = 0; i < args.length; i++) {
        if (args[i] === '-m') i++;
        else if (!args[i].startsWith('-')) directories.add(trimSlash(substitute(args[i], env).value));
      }
      return undefined;
    }
    if (name === 'chmod') return chmodHit(args, env);
    if (name === 'install') return installHit(args, env, directories);
    if (name === 'find') {
      const exec = args.findIndex((a) => a === '-exec' || a === '-execdir' || a === '-ok' || a === '-okdir');
      if (exec < 0) return undefined;
      const end = args.findIndex((a, i) => i > exec && (a === ';' || a === '\\;' || a === '+'));
      const inner = args.slice(exec + 1, end < 0 ? undefined : end);
      const tool = inner[0]?.slice(inner[0].lastIndexOf('/') + 1);
      const before = args.slice(0, exec);
      const onlyDirectories = before.some((a, i) => a === '-type' && before[i + 1] === 'd');
      if (tool === 'chmod') {
        if (onlyDirectories) return undefined;
        const hit = chmodHit(inner.slice(1), env);
        return hit && { ...hit, shown: `find … -exec ${hit.shown}`, many: true };
      }
    }
    return undefined;
  };

  for (const ins of instructions) {
    if (ins.keyword === 'WORKDIR' && ins.argv[0]) directories.add(trimSlash(substitute(ins.argv[0], ins.env).value));
    for (const cmd of ins.shell?.commands ?? []) {
      const hit = check(ins, cmd);
      if (!hit || !reaching.has(ins.stageIndex)) continue;
      const who = hit.bits.setuid ? 'owner' : 'group';
      findings.push({
        message: hit.many
          ? `${hit.shown} adds ${describe(hit.bits)} to every file find matches: anyone in the container can run them with their ${who}'s rights`
          : `${hit.shown} adds ${describe(hit.bits)}: anyone in the container can run it with its ${who}'s rights`,
        location: cmd.location,
      });
    }
  }
  return decide(findings, unparsedRuns(instructions.filter((i) => reaching.has(i.stageIndex))));
});
