/**
 * The value syntaxes `docker run` and compose share: sizes (`512m`), durations (`30s`), port specs
 * (`127.0.0.1:8080:80/tcp`), volume specs (`/src:/dst:ro,rshared`), `--mount` fields, ulimits
 * (`nofile=1024:2048`), restart policies (`on-failure:5`). Each parser throws a ValueError saying what was
 * expected; the caller adds where (a compose line, a run option).
 */
import { posix } from 'node:path';
import type { MountSpec, PortRange, PortSpec, RestartPolicy, Ulimit } from './model.js';

export class ValueError extends Error {}

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/** `512m`, `1g`, `1.5G`, `512mb`, `1048576` -> bytes (binary units, as docker parses memory). */
export function parseBytes(v: string | number): number {
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0) throw new ValueError(`${v} is not a size`);
    return Math.floor(v);
  }
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgtp]?)(?:i?b)?\s*$/i.exec(v);
  if (!m) throw new ValueError(`"${v}" is not a size (e.g. 512m, 1g)`);
  return Math.floor(Number(m[1]) * UNITS[m[2].toLowerCase()]);
}

/** Shown back to people: `536870912` -> `512m`. */
export function formatBytes(n: number): string {
  for (const [u, f] of [['g', 1024 ** 3], ['m', 1024 ** 2], ['k', 1024]] as const) if (n >= f && n % f === 0) return `${n / f}${u}`;
  return String(n);
}

const DURATION_UNITS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** A Go duration (`30s`, `1m30s`, `500ms`) -> nanoseconds. */
export function parseDuration(v: string | number): number {
  if (typeof v === 'number') throw new ValueError(`${v} is not a duration: give a unit (e.g. 30s, 1m30s)`);
  const s = v.trim();
  if (s === '0') return 0;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let end = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    total += Number(m[1]) * DURATION_UNITS[m[2]];
    end = re.lastIndex;
  }
  if (!s || end !== s.length) throw new ValueError(`"${v}" is not a duration (e.g. 30s, 1m30s, 500ms)`);
  return Math.round(total);
}

/** A whole number, from YAML or text. */
export function parseInteger(v: string | number, what = 'a whole number'): number {
  const n = typeof v === 'number' ? v : /^\s*[-+]?\d+\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n)) throw new ValueError(`${JSON.stringify(v)} is not ${what}`);
  return n;
}

/** A decimal number (`--cpus 1.5`). */
export function parseDecimal(v: string | number): number {
  const n = typeof v === 'number' ? v : /^\s*\d+(?:\.\d+)?\s*$|^\s*\.\d+\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(n) || n < 0) throw new ValueError(`${JSON.stringify(v)} is not a number (e.g. 0.5, 2)`);
  return n;
}

const TRUE = ['true', 'yes', 'y', 'on', '1'];
const FALSE = ['false', 'no', 'n', 'off', '0'];

/** A boolean, from YAML (true) or text (`"true"`, `yes`: compose casts interpolated strings the same way). */
export function parseBoolean(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (TRUE.includes(s)) return true;
    if (FALSE.includes(s)) return false;
  }
  throw new ValueError(`${JSON.stringify(v)} is not true or false`);
}

function portRange(text: string, what: string): PortRange {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!m) throw new ValueError(`"${text}" is not a ${what} port or range`);
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  if (start > 65535 || end > 65535 || end < start) throw new ValueError(`"${text}" is not a ${what} port or range (1-65535)`);
  return { start, end };
}

/**
 * `80`, `8080:80`, `127.0.0.1:8080:80/tcp`, `127.0.0.1::80`, `[::1]:8080:80`, `8000-8010:8000-8010/udp`.
 * A number from YAML is a container port.
 */
export function parsePortSpec(v: string | number): PortSpec {
  const text = String(v).trim();
  let rest = text;
  let protocol = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    protocol = rest.slice(slash + 1).toLowerCase();
    rest = rest.slice(0, slash);
    if (!['tcp', 'udp', 'sctp'].includes(protocol)) throw new ValueError(`"${text}": the protocol must be tcp, udp or sctp`);
  }
  let hostIp: string | undefined;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0 || rest[close + 1] !== ':') throw new ValueError(`"${text}" is not a port spec ([IPv6]:host:container)`);
    hostIp = rest.slice(1, close);
    rest = rest.slice(close + 2);
  }
  const parts = rest.split(':');
  if (hostIp === undefined && parts.length === 3) hostIp = parts.shift();
  if (parts.length > 2 || (hostIp !== undefined && parts.length !== 2)) throw new ValueError(`"${text}" is not a port spec (e.g. 8080:80, 127.0.0.1:8080:80/tcp)`);
  const containerPort = portRange(parts[parts.length - 1], 'container');
  const hostText = parts.length === 2 ? parts[0] : '';
  const spec: PortSpec = { containerPort, protocol };
  if (hostIp !== undefined && hostIp !== '') spec.hostIp = hostIp;
  if (hostText !== '') spec.hostPort = portRange(hostText, 'host');
  return spec;
}

const PROPAGATIONS = ['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate'];

/** Is a volume source a host path (bind) rather than a volume name? */
export function isHostPath(source: string): boolean {
  return source.startsWith('/') || source.startsWith('.') || source.startsWith('~') || /^[A-Za-z]:[\\/]/.test(source);
}

/** `-v` / compose short syntax: `/src:/dst[:opts]`, `name:/dst`, `/dst` (anonymous). */
export function parseVolumeShort(text: string): MountSpec {
  const parts = text.split(':');
  if (!text.trim() || parts.length > 3) throw new ValueError(`"${text}" is not a volume spec (SOURCE:TARGET[:OPTIONS])`);
  if (parts.length === 1) return { type: 'volume', target: parts[0], readOnly: false };
  const [source, target, opts = ''] = parts;
  if (!target) throw new ValueError(`"${text}" has no target path`);
  const options = opts.split(',').map((o) => o.trim()).filter(Boolean);
  const mount: MountSpec = { type: isHostPath(source) ? 'bind' : 'volume', source, target, readOnly: options.includes('ro') || options.includes('readonly') };
  const propagation = options.find((o) => PROPAGATIONS.includes(o));
  if (propagation) mount.propagation = propagation;
  return mount;
}

/** `--mount type=bind,source=/,target=/host,readonly,bind-propagation=rshared`. */
export function parseMountFields(text: string): MountSpec {
  const fields = new Map<string, string>();
  for (const part of text.split(',')) {
    const p = part.trim();
    if (!p) continue;
    const eq = p.indexOf('=');
    fields.set((eq < 0 ? p : p.slice(0, eq)).toLowerCase(), eq < 0 ? 'true' : p.slice(eq + 1));
  }
  const type = (fields.get('type') ?? 'volume').toLowerCase();
  const target = fields.get('target') ?? fields.get('destination') ?? fields.get('dst');
  if (!target) throw new ValueError(`"${text}" has no target= field`);
  const source = fields.get('source') ?? fields.get('src');
  const ro = fields.get('readonly') ?? fields.get('ro');
  const mount: MountSpec = {
    type: type === 'bind' || type === 'volume' || type === 'tmpfs' ? type : 'other',
    ...(source ? { source } : {}),
    target,
    readOnly: ro !== undefined && ro !== 'false' && ro !== '0',
  };
  const propagation = fields.get('bind-propagation');
  if (propagation) {
    if (!PROPAGATIONS.includes(propagation)) throw new ValueError(`"${propagation}" is not a bind propagation (${PROPAGATIONS.join(', ')})`);
    mount.propagation = propagation;
  }
  return mount;
}

/** `--device /dev/sda:/dev/xvda:rwm` -> the host path. */
export function parseDevice(text: string): string {
  const host = text.split(':')[0].trim();
  if (!host) throw new ValueError(`"${text}" is not a device spec (HOST[:CONTAINER[:PERMISSIONS]])`);
  return host;
}

/** `nofile=1024:2048`, `nproc=512`. */
export function parseUlimit(text: string): Ulimit {
  const m = /^\s*([a-z]+)\s*=\s*(-?\d+)(?::(-?\d+))?\s*$/.exec(text);
  if (!m) throw new ValueError(`"${text}" is not a ulimit (NAME=SOFT[:HARD], e.g. nofile=1024:2048)`);
  const soft = Number(m[2]);
  return { name: m[1], soft, hard: m[3] === undefined ? soft : Number(m[3]) };
}

/** `no`, `always`, `unless-stopped`, `on-failure`, `on-failure:5`. */
export function parseRestart(text: string): RestartPolicy {
  const t = text.trim();
  const m = /^(no|always|unless-stopped|on-failure)(?::(\d+))?$/.exec(t);
  if (!m || (m[2] !== undefined && m[1] !== 'on-failure')) {
    throw new ValueError(`"${text}" is not a restart policy (no, always, unless-stopped, on-failure[:N])`);
  }
  return m[2] === undefined ? { name: m[1] as RestartPolicy['name'] } : { name: 'on-failure', maxRetries: Number(m[2]) };
}

/** A host path as the engine will resolve it: `/etc/../etc/` -> `/etc`. */
export function normalizeHostPath(p: string): string {
  if (!p.startsWith('/')) return p;
  const n = posix.normalize(p);
  return n.length > 1 ? n.replace(/\/+$/, '') : n;
}

/** `sleep 60` or `["sleep", "60"]` (JSON) -> argv; never through a shell. */
export function parseCommand(text: string): string[] {
  const t = text.trim();
  if (t.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(t);
    } catch {
      throw new ValueError(`"${text}" is not a JSON list of strings`);
    }
    if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string')) throw new ValueError(`"${text}" is not a JSON list of strings`);
    return parsed as string[];
  }
  const argv = t.split(/\s+/).filter(Boolean);
  if (!argv.length) throw new ValueError('the command is empty');
  return argv;
}
