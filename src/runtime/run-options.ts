/**
 * `docker run` options -> RuntimeProfile, parsed the way docker's flag parser reads an argv (never a shell):
 * `--flag=value`, `--flag value`, `-m 512m`, `-m512m`, `-m=512m`, combined booleans (`-it`), and booleans that
 * take `=false`. One convenience for the Action's one-option-per-line input: an entry `--flag value` (a space
 * after a flag that takes a value) is that flag and that value. An unknown option, a positional argument or a
 * value of the wrong type is a RunOptionError naming the option and its position.
 */
import { emptyProfile, normalizeCapability, parseSecurityOpt, runOptionLocation, RUN_OPTIONS_FILE, type Declared, type RuntimeProfile } from './model.js';
import {
  parseBoolean,
  parseBytes,
  parseCommand,
  parseDecimal,
  parseDevice,
  parseDuration,
  parseInteger,
  parseMountFields,
  parsePortSpec,
  parseRestart,
  parseUlimit,
  parseVolumeShort,
  ValueError,
} from './values.js';

export class RunOptionError extends Error {
  constructor(
    readonly index: number,
    readonly reason: string,
  ) {
    super(`run option ${index + 1}: ${reason}`);
  }
}

type Apply = (p: RuntimeProfile, value: string, at: Omit<Declared<unknown>, 'value'>) => void;

interface Flag {
  /** bool: takes no value (or `=true|false`); value: needs one. */
  kind: 'bool' | 'value';
  short?: string;
  aliases?: string[];
  /** Undefined: accepted, but it does not change how the container runs in a way a rule or the sandbox uses. */
  apply?: Apply;
}

const set =
  <K extends keyof RuntimeProfile>(key: K, parse: (v: string) => unknown) =>
  (p: RuntimeProfile, v: string, at: Omit<Declared<unknown>, 'value'>) => {
    (p as unknown as Record<string, unknown>)[key] = { value: parse(v), ...at };
  };
const push =
  <K extends keyof RuntimeProfile>(key: K, parse: (v: string) => unknown) =>
  (p: RuntimeProfile, v: string, at: Omit<Declared<unknown>, 'value'>) => {
    ((p as unknown as Record<string, unknown[]>)[key]).push({ value: parse(v), ...at });
  };
const text = (v: string) => v;
const integer = (v: string) => parseInteger(v);
const health =
  (field: 'intervalNs' | 'timeoutNs' | 'startPeriodNs' | 'retries' | 'test' | 'disabled') =>
  (p: RuntimeProfile, v: string, at: Omit<Declared<unknown>, 'value'>) => {
    const current = p.healthcheck ?? { value: { disabled: false }, ...at };
    const spec = { ...current.value };
    if (field === 'test') spec.test = ['CMD-SHELL', v];
    else if (field === 'disabled') spec.disabled = parseBoolean(v);
    else if (field === 'retries') spec.retries = parseInteger(v);
    else spec[field] = parseDuration(v);
    // The healthcheck is located on the option that set its command (or disabled it), else the first one.
    const keep = p.healthcheck && !(field === 'test' || field === 'disabled');
    p.healthcheck = { value: spec, ...(keep ? { location: current.location, source: current.source } : at) };
  };

/** The flags of `docker run` (and `docker create`) this gate understands. */
export const RUN_FLAGS: Record<string, Flag> = {
  privileged: { kind: 'bool', apply: set('privileged', parseBoolean) },
  user: { kind: 'value', short: 'u', apply: set('user', text) },
  'cap-add': { kind: 'value', apply: (p, v, at) => v.split(',').forEach((c) => p.capAdd.push({ value: normalizeCapability(c), ...at })) },
  'cap-drop': { kind: 'value', apply: (p, v, at) => v.split(',').forEach((c) => p.capDrop.push({ value: normalizeCapability(c), ...at })) },
  'read-only': { kind: 'bool', apply: set('readOnly', parseBoolean) },
  'security-opt': { kind: 'value', apply: push('securityOpt', parseSecurityOpt) },
  network: { kind: 'value', aliases: ['net'], apply: set('network', text) },
  pid: { kind: 'value', apply: set('pid', text) },
  ipc: { kind: 'value', apply: set('ipc', text) },
  uts: { kind: 'value', apply: set('uts', text) },
  userns: { kind: 'value', apply: set('userns', text) },
  device: { kind: 'value', apply: push('devices', parseDevice) },
  volume: { kind: 'value', short: 'v', apply: push('mounts', parseVolumeShort) },
  mount: { kind: 'value', apply: push('mounts', parseMountFields) },
  tmpfs: { kind: 'value', apply: push('tmpfs', text) },
  publish: { kind: 'value', short: 'p', apply: push('ports', parsePortSpec) },
  'publish-all': { kind: 'bool', short: 'P', apply: set('publishAll', parseBoolean) },
  expose: {
    kind: 'value',
    apply: push('expose', (v) => {
      const s = parsePortSpec(v);
      if (s.hostPort || s.hostIp) throw new ValueError(`"${v}" is not a container port (e.g. 8080, 53/udp)`);
      return `${s.containerPort.start === s.containerPort.end ? s.containerPort.start : `${s.containerPort.start}-${s.containerPort.end}`}/${s.protocol}`;
    }),
  },
  memory: { kind: 'value', short: 'm', apply: set('memory', parseBytes) },
  cpus: { kind: 'value', apply: set('cpus', parseDecimal) },
  'cpu-shares': { kind: 'value', short: 'c', apply: set('cpuShares', integer) },
  'cpu-quota': { kind: 'value', apply: set('cpuQuota', integer) },
  'cpuset-cpus': { kind: 'value', apply: set('cpusetCpus', text) },
  'pids-limit': { kind: 'value', apply: set('pidsLimit', integer) },
  ulimit: { kind: 'value', apply: push('ulimits', parseUlimit) },
  restart: { kind: 'value', apply: set('restart', parseRestart) },
  'health-cmd': { kind: 'value', apply: health('test') },
  'health-interval': { kind: 'value', apply: health('intervalNs') },
  'health-timeout': { kind: 'value', apply: health('timeoutNs') },
  'health-start-period': { kind: 'value', apply: health('startPeriodNs') },
  'health-retries': { kind: 'value', apply: health('retries') },
  'no-healthcheck': { kind: 'bool', apply: health('disabled') },
  env: { kind: 'value', short: 'e', apply: (p, v) => void env(p, v) },
  entrypoint: { kind: 'value', apply: set('entrypoint', (v) => (v === '' ? [] : parseCommand(v))) },
  workdir: { kind: 'value', short: 'w', apply: (p, v) => void (p.workingDir = v) },
  'env-file': { kind: 'value', apply: (p, _v, at) => p.unsupported.push({ value: 'env-file', ...at }) },
  'volumes-from': { kind: 'value', apply: (p, _v, at) => p.unsupported.push({ value: 'volumes-from', ...at }) },
  gpus: { kind: 'value', apply: (p, _v, at) => p.unsupported.push({ value: 'gpus', ...at }) },
  'device-cgroup-rule': { kind: 'value', apply: (p, _v, at) => p.unsupported.push({ value: 'device-cgroup-rule', ...at }) },
  sysctl: { kind: 'value', apply: (p, _v, at) => p.unsupported.push({ value: 'sysctl', ...at }) },
  'memory-swap': { kind: 'value', apply: (_p, v) => void (v === '-1' || parseBytes(v)) },
  'memory-reservation': { kind: 'value', apply: (_p, v) => void parseBytes(v) },
  'shm-size': { kind: 'value', apply: (_p, v) => void parseBytes(v) },
  'cpu-period': { kind: 'value', apply: (_p, v) => void parseInteger(v) },
  'stop-timeout': { kind: 'value', apply: (_p, v) => void parseInteger(v) },
  'oom-score-adj': { kind: 'value', apply: (_p, v) => void parseInteger(v) },
  // Accepted, and nothing a rule or the sandbox needs.
  name: { kind: 'value' },
  hostname: { kind: 'value', short: 'h' },
  domainname: { kind: 'value' },
  label: { kind: 'value', short: 'l' },
  'label-file': { kind: 'value' },
  rm: { kind: 'bool' },
  detach: { kind: 'bool', short: 'd' },
  interactive: { kind: 'bool', short: 'i' },
  tty: { kind: 'bool', short: 't' },
  init: { kind: 'bool' },
  'log-driver': { kind: 'value' },
  'log-opt': { kind: 'value' },
  'stop-signal': { kind: 'value' },
  'add-host': { kind: 'value' },
  dns: { kind: 'value' },
  'dns-search': { kind: 'value' },
  'dns-option': { kind: 'value' },
  'network-alias': { kind: 'value' },
  ip: { kind: 'value' },
  ip6: { kind: 'value' },
  'mac-address': { kind: 'value' },
  platform: { kind: 'value' },
  pull: { kind: 'value' },
  'group-add': { kind: 'value' },
  'oom-kill-disable': { kind: 'bool' },
  'cgroup-parent': { kind: 'value' },
  cgroupns: { kind: 'value' },
  runtime: { kind: 'value' },
  'stop-timeout-seconds': { kind: 'value' },
  'blkio-weight': { kind: 'value' },
  'cpu-rt-runtime': { kind: 'value' },
  'cpu-rt-period': { kind: 'value' },
  'cpuset-mems': { kind: 'value' },
  'kernel-memory': { kind: 'value' },
  'memory-swappiness': { kind: 'value' },
  'storage-opt': { kind: 'value' },
  isolation: { kind: 'value' },
  'sig-proxy': { kind: 'bool' },
  quiet: { kind: 'bool', short: 'q' },
  'disable-content-trust': { kind: 'bool' },
};

function env(p: RuntimeProfile, v: string): void {
  const eq = v.indexOf('=');
  if (eq === 0) throw new ValueError('NAME=VALUE has no name');
  if (eq < 0) {
    const fromGate = process.env[v];
    if (fromGate !== undefined) p.environment[v] = fromGate;
  } else {
    p.environment[v.slice(0, eq)] = v.slice(eq + 1);
  }
}

const byLong = new Map<string, [string, Flag]>();
const byShort = new Map<string, [string, Flag]>();
for (const [name, flag] of Object.entries(RUN_FLAGS)) {
  byLong.set(name, [name, flag]);
  for (const a of flag.aliases ?? []) byLong.set(a, [name, flag]);
  if (flag.short) byShort.set(flag.short, [name, flag]);
}

/** The profile the options declare. Throws RunOptionError. */
export function runOptionsProfile(options: string[]): RuntimeProfile {
  const profile = emptyProfile('run-options', RUN_OPTIONS_FILE, runOptionLocation(0, options[0] ?? ''));
  const apply = (index: number, display: string, name: string, flag: Flag, value: string) => {
    if (!flag.apply) return;
    try {
      flag.apply(profile, value, { location: runOptionLocation(index, options[index]), source: display });
    } catch (e) {
      if (e instanceof ValueError) throw new RunOptionError(index, `--${name}: ${e.message}`);
      throw e;
    }
  };
  for (let i = 0; i < options.length; i++) {
    const raw = options[i];
    const entry = raw.trim();
    if (entry === '--') throw new RunOptionError(i, '"--" ends the options; give options only (the image and its command are the ones under test; see --runtime-command)');
    if (!entry.startsWith('-') || entry === '-') {
      throw new RunOptionError(i, `"${entry}" is not an option: give docker run options only (the image is the one under test; its command can be set with --runtime-command)`);
    }
    if (entry.startsWith('--')) {
      let body = entry.slice(2);
      let value: string | undefined;
      const eq = body.indexOf('=');
      const space = body.search(/\s/);
      if (eq >= 0 && (space < 0 || eq < space)) {
        value = body.slice(eq + 1);
        body = body.slice(0, eq);
      } else if (space >= 0) {
        value = body.slice(space).trim();
        body = body.slice(0, space);
      }
      const found = byLong.get(body);
      if (!found) throw new RunOptionError(i, `unknown option --${body} (docker run options this gate reads: ${Object.keys(RUN_FLAGS).slice(0, 12).map((n) => `--${n}`).join(', ')}, …)`);
      const [name, flag] = found;
      if (flag.kind === 'bool') {
        if (value !== undefined && space >= 0 && (eq < 0 || space < eq)) throw new RunOptionError(i, `--${name} takes no value (write --${name}=false to turn it off)`);
        apply(i, `--${name}${value !== undefined ? `=${value}` : ''}`, name, flag, value ?? 'true');
        continue;
      }
      if (value === undefined) {
        if (i + 1 >= options.length) throw new RunOptionError(i, `--${name} needs a value`);
        value = options[++i];
        apply(i - 1, `--${name} ${value}`, name, flag, value);
        continue;
      }
      apply(i, `--${name}=${value}`, name, flag, value);
      continue;
    }
    // Short flags: -it, -m512m, -m=512m, -m 512m, -e A=b.
    const shorts = entry.slice(1);
    for (let k = 0; k < shorts.length; k++) {
      const c = shorts[k];
      const found = byShort.get(c);
      if (!found) throw new RunOptionError(i, `unknown option -${c}${shorts.length > 1 ? ` in "${entry}"` : ''}`);
      const [name, flag] = found;
      if (flag.kind === 'bool') {
        apply(i, `-${c}`, name, flag, 'true');
        continue;
      }
      let value = shorts.slice(k + 1).replace(/^=/, '');
      if (/^\s/.test(value)) value = value.trim();
      if (!value) {
        if (i + 1 >= options.length) throw new RunOptionError(i, `-${c} (--${name}) needs a value`);
        value = options[++i];
        apply(i - 1, `-${c} ${value}`, name, flag, value);
      } else {
        apply(i, `-${c} ${value}`, name, flag, value);
      }
      break;
    }
  }
  return profile;
}
