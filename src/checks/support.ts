/** Helpers the Dockerfile checks share: locations, commands, package managers. */
import { ImageRefError, parseImageRef, type ImageRef } from '../dockerfile/image-ref.js';
import { allInstructions, finalInstructions, stageChain, type DockerfileModel, type Heredoc, type Instruction, type ShellCommand, type Stage } from '../dockerfile/model.js';
import { substitute } from '../dockerfile/substitute.js';
import type { CheckOutcome, Location, RawFinding } from '../types.js';

/** The instruction's first line, whole: where an annotation on the instruction belongs. */
export function at(ins: Instruction): Location {
  return ins.location;
}

/** Basename of a command (`/usr/bin/apt-get` -> `apt-get`). */
export function commandName(cmd: ShellCommand): string {
  const n = cmd.name;
  return n.slice(n.lastIndexOf('/') + 1);
}

/** Commands that run another command, with the options of each that take a separate value (`sudo -u app cmd`). */
const WRAPPERS: Record<string, string[]> = {
  sudo: ['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-T', '-U', '--user', '--group', '--chdir', '--prompt', '--role', '--type', '--host', '--other-user', '--close-from', '--command-timeout'],
  env: ['-u', '-C', '-S', '--unset', '--chdir', '--split-string'],
  nice: ['-n', '--adjustment'],
  nohup: [],
  xargs: ['-I', '-n', '-P', '-d', '-L', '-s', '-a', '-E', '--max-args', '--max-procs', '--delimiter', '--arg-file', '--max-chars'],
  exec: ['-a'],
  command: [],
  timeout: ['-s', '-k', '--signal', '--kill-after'],
};

/**
 * The command and the wrappers it runs through, outermost first: `sudo -u app env X=1 npm ci` gives
 * sudo, env, npm. `command -v sudo` only looks a name up, so it stops there.
 */
export function commandLayers(cmd: ShellCommand): { name: string; args: string[] }[] {
  let name = commandName(cmd);
  let args = cmd.args;
  const layers = [{ name, args }];
  for (let guard = 0; guard < 5; guard++) {
    const valued = Object.prototype.hasOwnProperty.call(WRAPPERS, name) ? WRAPPERS[name] : undefined;
    if (!valued) break;
    if (name === 'command' && args.some((a) => a === '-v' || a === '-V')) break;
    let i = 0;
    while (i < args.length && (args[i].startsWith('-') || (name === 'env' && args[i].includes('=')))) {
      if (args[i] === '--') {
        i++;
        break;
      }
      i += valued.includes(args[i]) ? 2 : 1;
    }
    if (name === 'timeout') i++; // the duration
    if (i >= args.length) break;
    name = args[i].slice(args[i].lastIndexOf('/') + 1);
    args = args.slice(i + 1);
    layers.push({ name, args });
  }
  return layers;
}

/** Does this command run one of `names`, itself or through wrappers (`sudo -u app apt-get`)? Cheap for plain commands. */
export function runsAny(cmd: ShellCommand, names: string[]): boolean {
  const name = commandName(cmd);
  if (names.includes(name)) return true;
  if (!Object.prototype.hasOwnProperty.call(WRAPPERS, name)) return false;
  return commandLayers(cmd).some((l) => names.includes(l.name));
}

/**
 * The command actually run, looking through wrappers: `sudo apt-get`, `env X=1 apt-get`,
 * `xargs apt-get`, `nice`, `timeout 5 curl`. Returns the name and its arguments.
 */
export function effectiveCommand(cmd: ShellCommand): { name: string; args: string[] } {
  return commandLayers(cmd).at(-1)!;
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
  /** The subcommand as written (`install`, `add`, `purge`, `makecache`), option values skipped; undefined if none. */
  subcommand?: string;
  /** The arguments after the subcommand that are not options or option values: packages, files, groups. */
  operands: string[];
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

const APT_VALUED = ['-o', '--option', '-c', '--config-file', '-t', '--target-release', '--default-release', '-a', '--host-architecture', '-P', '--build-profiles'];
const RPM_VALUED = [
  '-c', '--config', '--setopt', '--enablerepo', '--disablerepo', '--repo', '--repoid', '-x', '--exclude', '--releasever',
  '--installroot', '-d', '--debuglevel', '-e', '--errorlevel', '--rpmverbosity', '--downloaddir', '--destdir',
  '--repofrompath', '--forcearch', '--enableplugin', '--disableplugin',
];
/** Options of each package manager that take their value as the next argument (`-o Dpkg::Options::=x`, `-X url`). */
const VALUED_OPTIONS: Record<string, string[]> = {
  'apt-get': APT_VALUED,
  apt: APT_VALUED,
  aptitude: ['-o', '-t', '--target-release', '-F', '--display-format', '-w', '--width', '--sort'],
  yum: RPM_VALUED,
  dnf: RPM_VALUED,
  microdnf: RPM_VALUED,
  apk: ['-X', '--repository', '-p', '--root', '--arch', '--repositories-file', '--keys-dir', '--cache-dir', '-t', '--virtual'],
  zypper: ['-r', '--repo', '--from', '-t', '--type', '--root', '-R', '--reposd-dir', '-C', '--cache-dir', '-D', '--installroot', '--releasever'],
};

/** Split a package manager's arguments into its subcommand and the operands after it, skipping option values. */
function splitPackageArgs(manager: string, args: string[]): { subcommand?: string; operands: string[] } {
  const valued = VALUED_OPTIONS[manager] ?? [];
  let subcommand: string | undefined;
  const operands: string[] = [];
  let optionsEnded = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!optionsEnded && a === '--') {
      optionsEnded = true;
      continue;
    }
    if (!optionsEnded && a.startsWith('-') && a.length > 1) {
      if (valued.includes(a)) i++;
      continue;
    }
    if (subcommand === undefined) subcommand = a;
    else operands.push(a);
  }
  return { subcommand, operands };
}

/** Package-manager commands in a RUN body: which manager, and whether it updates an index or installs. */
export function packageActions(commands: ShellCommand[]): PackageAction[] {
  const out: PackageAction[] = [];
  for (const cmd of commands) {
    const { name, args } = effectiveCommand(cmd);
    if (!Object.prototype.hasOwnProperty.call(MANAGERS, name)) continue;
    const m = MANAGERS[name];
    const { subcommand: sub, operands } = splitPackageArgs(name, args);
    const verb = sub === undefined ? 'other' : m.update.includes(sub) ? 'update' : m.install.includes(sub) ? 'install' : sub === 'upgrade' || sub === 'dist-upgrade' ? 'upgrade' : 'other';
    out.push({ manager: name, verb, args, cmd, subcommand: sub, operands });
  }
  return out;
}

/** A RUN's `--mount` flags as key/value maps (`type=cache,target=/var/cache/apt` -> {type, target}). */
export function runMounts(ins: Instruction): Record<string, string>[] {
  return ins.flags
    .filter((f) => f.name === 'mount' && f.value)
    .map((f) => {
      const out: Record<string, string> = {};
      for (const part of f.value!.split(',')) {
        const eq = part.indexOf('=');
        const key = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
        out[key] = eq < 0 ? 'true' : part.slice(eq + 1).trim();
      }
      if (out.dst && !out.target) out.target = out.dst;
      if (out.destination && !out.target) out.target = out.destination;
      return out;
    });
}

/** Strip a trailing `/`, `/*` or `/.` so `/var/lib/apt/lists/*` names the directory it empties. */
function directoryOf(path: string): string {
  let p = path;
  while (p.length > 1 && (p.endsWith('/') || p.endsWith('/*') || p.endsWith('/.'))) p = p.endsWith('/') ? p.slice(0, -1) : p.slice(0, -2);
  return p;
}

/** Does `path` lie in (or is it) one of `dirs`? */
function within(path: string, dirs: string[]): boolean {
  return dirs.some((d) => path === d || path.startsWith(d + '/'));
}

/** Is one of `dirs` a cache or tmpfs mount of this RUN, so nothing written there stays in the layer? */
export function mountsOver(ins: Instruction, dirs: string[]): boolean {
  return runMounts(ins).some((m) => (m.type === 'cache' || m.type === 'tmpfs') && m.target && dirs.some((d) => within(d, [directoryOf(m.target)])));
}

/**
 * Does this command delete one of `dirs` or what is in it (`rm -rf /var/lib/apt/lists/*`, `rm -r /var/cache/apk`)?
 * Deleting a parent (`rm -rf /var/lib/apt`) counts too.
 */
export function removesDirectory(cmd: ShellCommand, dirs: string[]): boolean {
  if (!runsAny(cmd, ['rm'])) return false;
  const { name, args } = effectiveCommand(cmd);
  if (name !== 'rm') return false;
  return operands(args)
    .map(directoryOf)
    .some((p) => p.length > 1 && (within(p, dirs) || dirs.some((d) => d.startsWith(p + '/'))));
}

/** RUN bodies that could not be parsed as shell: a check cannot prove anything about them. */
export function unparsedRuns(instructions: Instruction[]): string[] {
  return instructions
    .filter((i) => i.shell?.error)
    .map((i) => `the RUN on line ${i.location.startLine} is not valid shell (${i.shell!.error!.message}), so its commands could not be checked`);
}

/** Findings when there are any; else a skip when some part could not be decided; else a pass. */
export function decide(findings: RawFinding[], undecided: string[]): CheckOutcome {
  if (findings.length) return { findings };
  if (undecided.length) return { skip: undecided.join('; ') };
  return { findings: [] };
}

/**
 * A check that looks at each RUN on its own: `visit` every RUN of the stages that reach the final image (`final`)
 * or of every stage (`all`), with its parsed commands, and `add` findings. The outcome: its findings; else a skip
 * naming the RUNs that are not valid shell; else a pass. A Dockerfile without a stage is a skip.
 */
export function checkEachRun(
  model: DockerfileModel,
  stages: 'final' | 'all',
  visit: (ins: Instruction, commands: ShellCommand[], add: (finding: RawFinding) => void) => void,
): CheckOutcome {
  if (model.finalStage < 0) return { skip: 'the Dockerfile has no stage' };
  const runs = (stages === 'final' ? finalInstructions(model) : allInstructions(model)).filter((i) => i.keyword === 'RUN');
  const findings: RawFinding[] = [];
  const add = (f: RawFinding) => findings.push(f);
  for (const ins of runs) visit(ins, ins.shell?.commands ?? [], add);
  return decide(findings, unparsedRuns(runs));
}

/** One port an EXPOSE names, after ARG/ENV substitution. */
export interface ExposedPort {
  /** The argument as written (`${SSH_PORT}/tcp`). */
  written: string;
  /** After substitution and quote removal; undefined when a variable it uses has no value. */
  value?: string;
  unresolved: string[];
  /** The container ports it opens, when it is a valid port spec. */
  range?: { start: number; end: number; proto: string };
  /** Why it is not a valid port spec. */
  invalid?: string;
}

/**
 * The ports of an EXPOSE as Docker reads them: `80`, `80/udp`, `8000-8010/tcp`; a host part (`8080:80`) is ignored
 * by Docker, so the container port after the last `:` is the one exposed.
 */
export function exposedPorts(ins: Instruction, escape: string): ExposedPort[] {
  const out: ExposedPort[] = [];
  for (const written of ins.argv) {
    const { value, unresolved } = substitute(written, ins.env, escape);
    if (unresolved.length) {
      out.push({ written, unresolved });
      continue;
    }
    for (const word of value.replace(/["']/g, '').split(/\s+/).filter(Boolean)) {
      out.push({ written, value: word, unresolved: [], ...parsePortSpec(word) });
    }
  }
  return out;
}

/**
 * A check over EXPOSE instructions: for each, the ports `pick` reports (as the text to show) become one finding
 * with `message`; a port whose variable has no value leaves the check undecided (a skip) unless another fails.
 */
export function judgeExposes(
  instructions: Instruction[],
  escape: string,
  pick: (port: ExposedPort & { value: string }) => string | undefined,
  message: (shown: string[]) => string,
): CheckOutcome {
  const findings: RawFinding[] = [];
  const undecided: string[] = [];
  for (const ins of instructions.filter((i) => i.keyword === 'EXPOSE')) {
    const shown: string[] = [];
    for (const port of exposedPorts(ins, escape)) {
      if (port.unresolved.length || port.value === undefined) {
        undecided.push(`EXPOSE ${port.written} on line ${ins.location.startLine} depends on ${port.unresolved.join(', ')}, which has no value here; pass it with --build-arg`);
        continue;
      }
      const hit = pick(port as ExposedPort & { value: string });
      if (hit !== undefined) shown.push(hit);
    }
    if (shown.length) findings.push({ message: message(shown), location: ins.location });
  }
  return decide(findings, undecided);
}

/** How a port is shown: as written, with its value when a variable was substituted. */
export const shownPort = (port: ExposedPort & { value: string }): string => (port.value === port.written ? port.written : `${port.written} (= ${port.value})`);

function parsePortSpec(spec: string): Pick<ExposedPort, 'range' | 'invalid'> {
  const slash = spec.indexOf('/');
  const portPart = slash < 0 ? spec : spec.slice(0, slash);
  const proto = (slash < 0 ? '' : spec.slice(slash + 1)).toLowerCase() || 'tcp';
  if (!['tcp', 'udp', 'sctp'].includes(proto)) return { invalid: `has an unknown protocol "${proto}" (tcp, udp or sctp)` };
  const container = portPart.slice(portPart.lastIndexOf(':') + 1);
  const m = /^(\d+)(?:-(\d+))?$/.exec(container);
  if (!m) return { invalid: container === spec ? 'is not a port number' : `names "${container}", which is not a port number` };
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  if (start > 65535 || end > 65535) return { invalid: 'is outside 0-65535' };
  if (end < start) return { invalid: 'is a range that ends before it starts' };
  return { range: { start, end, proto } };
}

// ---- Packages named by an install, base images, stages that reach the final image ----

/** One operand of an install: the spec as written and, when it names a package, the package name. */
export interface PackageSpec {
  /** As the package manager receives it (variables expanded where they have a value): `vim=2:9.0.1378-2`. */
  spec: string;
  /** The package name, lower-case, version, release, architecture and repository tag stripped (`vim`); undefined for a file, URL, group or an expansion with no value. */
  name?: string;
  /** The spec asks to remove rather than install (`apt-get install vim-`, `apk add !vim`, `zypper in -vim`). */
  remove?: boolean;
  /** Variables or command substitutions that could not be expanded, so the real packages are unknown. */
  unresolved?: string[];
}

const RPM_ARCH = /\.(x86_64|aarch64|noarch|i[3-6]86|ppc64le|s390x|armv7hl|src)$/;

function packageName(manager: string, spec: string): Pick<PackageSpec, 'name' | 'remove'> {
  if (/^[./~]/.test(spec) || spec.includes('://') || /\.(deb|rpm|apk)$/.test(spec)) return {};
  let s = spec;
  let remove = false;
  if (manager === 'apk') {
    if (s.startsWith('!')) (remove = true), (s = s.slice(1));
    s = s.split('@')[0].split(/[=<>~]/)[0];
  } else if (manager === 'zypper') {
    if (s.startsWith('-') || s.startsWith('!') || s.startsWith('~')) (remove = true), (s = s.slice(1));
    if (s.startsWith('+')) s = s.slice(1);
    s = s.split(/[=<>]/)[0];
  } else if (manager === 'yum' || manager === 'dnf' || manager === 'microdnf') {
    if (s.startsWith('@')) return {};
    s = s.replace(RPM_ARCH, '');
  } else {
    // apt-get, apt, aptitude: name[:arch][=version|/release], `name-` removes, `name+` installs.
    s = s.split(/[=/]/)[0].split(':')[0];
    if (s.endsWith('-')) (remove = true), (s = s.slice(0, -1));
    else if (s.endsWith('+')) s = s.slice(0, -1);
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9+._-]*$/.test(s)) return {};
  return { name: s.toLowerCase(), ...(remove ? { remove } : {}) };
}

/**
 * The packages an install (or removal) names, with variables expanded from `env` (see `shellEnvBefore`) and
 * split on whitespace as an unquoted expansion is. apk's `--virtual NAME` is not a package.
 */
export function packageSpecs(action: PackageAction, env: Record<string, string> = {}): PackageSpec[] {
  const out: PackageSpec[] = [];
  for (const operand of action.operands) {
    if (!operand.includes('$') && !operand.includes('`')) {
      out.push({ spec: operand, ...packageName(action.manager, operand) });
      continue;
    }
    const { value, unresolved } = substitute(operand, env);
    if (unresolved.length || value.includes('$(') || value.includes('`')) {
      out.push({ spec: operand, unresolved: unresolved.length ? unresolved : [operand] });
      continue;
    }
    for (const word of value.split(/\s+/).filter(Boolean)) out.push({ spec: word, ...packageName(action.manager, word) });
  }
  return out;
}

/** apk's `--virtual NAME` / `-t NAME`: the group name `apk del NAME` removes again. */
export function apkVirtualName(action: PackageAction): string | undefined {
  if (action.manager !== 'apk') return undefined;
  for (let i = 0; i < action.args.length; i++) {
    const a = action.args[i];
    if ((a === '--virtual' || a === '-t') && i + 1 < action.args.length) return action.args[i + 1];
    if (a.startsWith('--virtual=')) return a.slice('--virtual='.length);
  }
  return undefined;
}

/**
 * The variables a command of a RUN sees: the instruction's ARG and ENV values, plus plain assignments
 * (`PKGS="vim curl"`) written earlier in the same RUN body.
 */
export function shellEnvBefore(ins: Instruction, cmd: ShellCommand): Record<string, string> {
  const env: Record<string, string> = { ...ins.env };
  for (const c of ins.shell?.commands ?? []) {
    if (c === cmd) break;
    if (c.name === '' && c.args.length === 0) {
      for (const [k, v] of Object.entries(c.assigns)) env[k] = substitute(v, env).value;
    }
  }
  return env;
}

/** What a FROM builds on. */
export type BaseImage =
  | { kind: 'scratch' | 'stage'; stage: Stage }
  /** An ARG in the reference has no value: nothing can be said about this FROM. */
  | { kind: 'unresolved'; stage: Stage; reason: string }
  /** The resolved reference is not one Docker accepts. */
  | { kind: 'invalid'; stage: Stage; reason: string }
  | { kind: 'image'; stage: Stage; ref: ImageRef; resolved: string };

/** The base of every stage, in order: scratch, an earlier stage, or an image reference parsed as Docker parses it. */
export function baseImages(model: DockerfileModel): BaseImage[] {
  const declared = new Map<string, boolean>();
  for (const arg of model.globalArgs) {
    for (const a of arg.argv) {
      const eq = a.indexOf('=');
      declared.set(eq < 0 ? a : a.slice(0, eq), eq >= 0);
    }
  }
  return model.stages.map((stage): BaseImage => {
    if (stage.parentStage !== undefined) return { kind: 'stage', stage };
    const written = stage.baseImage;
    const resolved = stage.baseImageResolved;
    if (resolved === undefined) {
      const names = [...new Set(substitute(written, {}).unresolved)];
      const missing = names.filter((n) => !declared.get(n));
      return {
        kind: 'unresolved',
        stage,
        reason: `FROM ${written} on line ${stage.from.location.startLine} depends on ${(missing.length ? missing : names).join(', ')}, which has no value here; pass it with --build-arg`,
      };
    }
    if (resolved === 'scratch') return { kind: 'scratch', stage };
    try {
      return { kind: 'image', stage, ref: parseImageRef(resolved), resolved };
    } catch (e) {
      if (!(e instanceof ImageRefError)) throw e;
      const shown = resolved === written ? written : `${written} (= ${resolved})`;
      return { kind: 'invalid', stage, reason: `FROM ${shown} on line ${stage.from.location.startLine} is not an image reference Docker accepts: ${e.message.replace(/^invalid image reference "[^"]*": /, '')}` };
    }
  });
}

/** `debian:12`, or `${BASE} (= debian:12)` when ARGs were substituted. */
export function shownImage(base: { stage: Stage; resolved: string }): string {
  return base.resolved === base.stage.baseImage ? base.resolved : `${base.stage.baseImage} (= ${base.resolved})`;
}

/**
 * Stages whose files can reach the final image, which are also the stages a BuildKit build runs: the final
 * stage, the stages it is built on, and the stages they `COPY --from` or `RUN --mount=from=` (by name or
 * index), transitively. A `--from` whose ARG has no value could be any earlier stage, so all of those count.
 * Sorted by index.
 */
export function reachingStages(model: DockerfileModel): Stage[] {
  if (model.finalStage < 0) return [];
  const seen = new Set<number>();
  const queue = [model.finalStage];
  while (queue.length) {
    const i = queue.pop()!;
    for (const stage of stageChain(model, i)) {
      if (seen.has(stage.index)) continue;
      seen.add(stage.index);
      for (const ins of stage.instructions) {
        const sources =
          ins.keyword === 'COPY' || ins.keyword === 'ADD'
            ? ins.flags.filter((f) => f.name === 'from' && f.value).map((f) => f.value!)
            : ins.keyword === 'RUN'
              ? runMounts(ins).flatMap((m) => (m.from ? [m.from] : []))
              : [];
        for (const from of sources) {
          const { value, unresolved } = substitute(from, ins.env);
          const name = value.toLowerCase();
          const targets = unresolved.length
            ? model.stages.slice(0, stage.index).map((s) => s.index)
            : [/^\d+$/.test(name) ? Number(name) : model.stages.findIndex((s) => s.name === name)];
          for (const j of targets) if (j >= 0 && j < stage.index && !seen.has(j)) queue.push(j);
        }
      }
    }
  }
  return model.stages.filter((s) => seen.has(s.index));
}

/** Index of the first argument that is not an option (skipping the values of `valued` options): the subcommand. */
export function subcommandIndex(args: string[], valued: string[] = []): number {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') return i + 1 < args.length ? i + 1 : -1;
    if (!a.startsWith('-')) return i;
    if (valued.includes(a)) i++;
  }
  return -1;
}

/**
 * Judge every FROM that names an image, in the stages the build runs (`reachingStages`; scratch and earlier
 * stages never count). A FROM whose reference cannot be resolved is not judged; when no FROM could be judged
 * at all, the rule skips with the reasons.
 */
export function judgeBaseImages(
  model: DockerfileModel,
  judge: (base: Extract<BaseImage, { kind: 'image' }>) => RawFinding | undefined,
): CheckOutcome {
  if (model.finalStage < 0) return { skip: 'the Dockerfile has no stage' };
  const built = new Set(reachingStages(model).map((s) => s.index));
  const bases = baseImages(model).filter((b) => built.has(b.stage.index));
  const findings: RawFinding[] = [];
  let judged = 0;
  for (const base of bases) {
    if (base.kind !== 'image') continue;
    judged++;
    const f = judge(base);
    if (f) findings.push(f);
  }
  const undecided = bases.flatMap((b) => (b.kind === 'unresolved' || b.kind === 'invalid' ? [b.reason] : []));
  if (!judged && undecided.length) return { skip: undecided.join('; ') };
  return { findings };
}

// ---- Key/value instructions, option parsing, COPY/ADD operands, assignments (secrets and 4.9-4.11 rules) ----

/** Split instruction arguments on unquoted whitespace, keeping quotes (Docker's ENV/LABEL/ARG word splitting). */
export function splitWords(text: string, escape = '\\'): string[] {
  if (!text.includes('"') && !text.includes("'") && !text.includes(escape)) return text.split(/\s+/).filter(Boolean);
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  let started = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === escape && quote !== "'" && i + 1 < text.length) {
      cur += c + text[i + 1];
      i++;
      started = true;
    } else if (quote) {
      cur += c;
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
      cur += c;
      started = true;
    } else if (/\s/.test(c)) {
      if (started) out.push(cur);
      cur = '';
      started = false;
    } else {
      cur += c;
      started = true;
    }
  }
  if (started) out.push(cur);
  return out;
}

/** Remove quotes and escapes from one word as Docker does (`a"b c"d` -> `ab cd`); `$` expansions stay as written. */
export function unquote(word: string, escape = '\\'): string {
  if (!word.includes('"') && !word.includes("'") && !word.includes(escape)) return word;
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < word.length; i++) {
    const c = word[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else out += c;
    } else if (c === escape && i + 1 < word.length) {
      const next = word[i + 1];
      // Inside double quotes only a quote, the escape itself and `$` are escaped; elsewhere any character.
      if (quote === '"' && next !== '"' && next !== escape && next !== '$') out += c;
      out += next === '$' ? '\\$' : next;
      i++;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else out += c;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else out += c;
  }
  return out;
}

/** One `name=value` of an ENV, ARG or LABEL; `value` is null for `ARG NAME` without a default. */
export interface KeyValue {
  name: string;
  /** Quotes removed, `$VAR` references kept as written. */
  value: string | null;
}

/**
 * The names and values an ENV, ARG or LABEL sets, quote-aware: `ENV A="x y" B=2`, the legacy `ENV A x y`,
 * `ARG NAME`, `ARG NAME=default`, `LABEL "com.x"="v"`.
 */
export function keyValues(ins: Instruction, escape = '\\'): KeyValue[] {
  const words = splitWords(ins.args.replace(/\r?\n/g, ' '), escape);
  if (!words.length) return [];
  const eq = (w: string) => {
    // The first `=` outside quotes.
    let quote: string | undefined;
    for (let i = 0; i < w.length; i++) {
      const c = w[i];
      if (quote) {
        if (c === quote) quote = undefined;
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '=') return i;
    }
    return -1;
  };
  if (ins.keyword === 'ENV' && eq(words[0]) < 0) {
    // Legacy form: everything after the first word is the value.
    const rest = ins.args.replace(/\r?\n/g, ' ').trim().slice(words[0].length).trim();
    return [{ name: unquote(words[0], escape), value: unquote(rest, escape) }];
  }
  return words.map((w) => {
    const i = eq(w);
    if (i < 0) return { name: unquote(w, escape), value: null };
    return { name: unquote(w.slice(0, i), escape), value: unquote(w.slice(i + 1), escape) };
  });
}

export interface ParsedOption {
  /** As written before any `=`: `-k`, `--insecure`, `-o`. */
  name: string;
  value?: string;
}

/**
 * GNU-style option parsing for one command: `--name=value`, `--name value` (for `long` valued options),
 * short clusters `-fsSLk` and `-ofile`/`-o file` (for `short` valued letters), `--` ends options.
 */
export function parseOptions(args: string[], valued: { short?: string; long?: string[] } = {}): { options: ParsedOption[]; operands: string[] } {
  const options: ParsedOption[] = [];
  const operands: string[] = [];
  const short = valued.short ?? '';
  const long = valued.long ?? [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) options.push({ name: a.slice(0, eq), value: a.slice(eq + 1) });
      else if (long.includes(a) && i + 1 < args.length) options.push({ name: a, value: args[++i] });
      else options.push({ name: a });
    } else if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (short.includes(c)) {
          const rest = a.slice(j + 1);
          options.push({ name: '-' + c, value: rest !== '' ? rest : i + 1 < args.length ? args[++i] : undefined });
          break;
        }
        options.push({ name: '-' + c });
      }
    } else operands.push(a);
  }
  return { options, operands };
}

/** Source or destination of a COPY/ADD, with ARG/ENV substituted. */
export interface CopyOperand {
  written: string;
  /** Undefined when a variable it uses has no value. */
  value?: string;
  unresolved: string[];
  /** The heredoc it names (`<<EOF`), for a source written inline. */
  heredoc?: Heredoc;
}

/** The sources and destination of a COPY or ADD (shell or JSON form, heredocs resolved). */
export function copyOperands(ins: Instruction, escape = '\\'): { sources: CopyOperand[]; dest?: CopyOperand } {
  let words: string[];
  if (ins.jsonForm && ins.json) words = ins.json;
  else {
    const text = ins.heredocs.length ? ins.args.split('\n')[0] : ins.args.replace(/\r?\n/g, ' ');
    words = splitWords(text, escape).map((w) => unquote(w, escape));
  }
  const operand = (written: string): CopyOperand => {
    const m = /^<<-?["']?([A-Za-z0-9_]+)["']?$/.exec(written);
    if (m) return { written, value: written, unresolved: [], heredoc: ins.heredocs.find((h) => h.name === m[1]) };
    const { value, unresolved } = substitute(written, ins.env, escape);
    return unresolved.length ? { written, unresolved } : { written, value, unresolved };
  };
  if (words.length < 2) return { sources: words.map(operand) };
  return { sources: words.slice(0, -1).map(operand), dest: operand(words[words.length - 1]) };
}

/**
 * Variables a command is run with: `X=1 cmd`, `env X=1 cmd` (also through sudo), and the arguments of
 * `export`/`declare`/`readonly`/`local`/`typeset` when the shell model lists them as commands.
 */
export function commandAssignments(cmd: ShellCommand): Record<string, string> {
  const out: Record<string, string> = { ...cmd.assigns };
  const name = commandName(cmd);
  const take = (args: string[]) => {
    for (const a of args) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/.exec(a);
      if (m) out[m[1]] = m[2];
    }
  };
  if (['export', 'declare', 'typeset', 'readonly', 'local'].includes(name)) take(cmd.args);
  for (const layer of commandLayers(cmd)) {
    if (layer.name !== 'env') continue;
    const assigns: string[] = [];
    for (const a of layer.args) {
      if (a.startsWith('-')) continue;
      if (!a.includes('=')) break;
      assigns.push(a);
    }
    take(assigns);
  }
  return out;
}

/** What an ADD source is, as BuildKit decides it: a git repository, a URL, a heredoc, or local context. */
export type AddSourceKind = 'git' | 'url' | 'heredoc' | 'local';

export function addSourceKind(src: CopyOperand): AddSourceKind {
  if (src.heredoc) return 'heredoc';
  const v = src.value ?? src.written;
  if (/^(?:git@|git:\/\/|ssh:\/\/|github\.com\/)/i.test(v) || /^https?:\/\/\S+\.git(?:#\S*)?$/i.test(v)) return 'git';
  if (/^https?:\/\//i.test(v)) return 'url';
  return 'local';
}

/**
 * The commands of a RUN: the parsed shell commands, or for the exec form (`RUN ["curl", "-k", "…"]`) the one
 * command it runs, located on the instruction.
 */
export function runCommands(ins: Instruction): ShellCommand[] {
  if (ins.keyword !== 'RUN') return [];
  if (!ins.jsonForm) return ins.shell?.commands ?? [];
  const argv = ins.json ?? [];
  if (!argv.length) return [];
  return [{ name: argv[0], args: argv.slice(1), assigns: {}, pipelineId: -1, pipelineIndex: 0, pipelineLength: 1, location: ins.location }];
}
