/**
 * A compose service -> RuntimeProfile, every setting with the line that set it. Reads the compose
 * specification's fields that decide how a container runs (user, privileged, cap_add, cap_drop, read_only,
 * security_opt, network_mode, pid, ipc, uts, userns_mode, devices, volumes, ports, expose, mem_limit, cpus,
 * cpu_shares, cpu_quota, cpuset, pids_limit, ulimits, restart, healthcheck, tmpfs, deploy.resources.limits,
 * deploy.restart_policy) plus what the sandbox needs to start it (environment, command, entrypoint,
 * working_dir). Values are interpolated (`${VAR:-default}`) from the given environment as compose does.
 * A value of the wrong type is a ComposeError with its line and the setting's path.
 */
import type { Location } from '../types.js';
import { emptyProfile, normalizeCapability, parseSecurityOpt, type Declared, type HealthSpec, type MountSpec, type PortSpec, type RuntimeProfile } from './model.js';
import {
  parseBoolean,
  parseBytes,
  parseDecimal,
  parseDevice,
  parseDuration,
  parseInteger,
  parsePortSpec,
  parseRestart,
  parseVolumeShort,
  isHostPath,
  ValueError,
} from './values.js';
import { entries, get, parseYaml, YamlSyntaxError, type YamlNode } from '../yaml/located.js';

export class ComposeError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(line ? `${file}:${line}:${column}: ${reason}` : `${file}: ${reason}`);
  }
}

type Scalar = YamlNode & { kind: 'scalar' };

class Reader {
  readonly lines: string[];
  constructor(
    readonly file: string,
    text: string,
    readonly env: Record<string, string | undefined>,
  ) {
    this.lines = text.split('\n');
  }

  fail(node: YamlNode, path: string, message: string): never {
    throw new ComposeError(this.file, node.pos.line, node.pos.column, `${path}: ${message}`);
  }

  location(from: YamlNode, to: YamlNode = from): Location {
    const endLine = Math.max(from.pos.line, to.end.line);
    const sameLine = endLine === from.pos.line;
    return {
      file: this.file,
      startLine: from.pos.line,
      startColumn: from.pos.column,
      endLine,
      endColumn: sameLine ? Math.max(to.end.column, from.pos.column + 1) : to.end.column,
    };
  }

  /** The line as written, for messages (trimmed, at most 120 characters). */
  source(node: YamlNode): string {
    const l = (this.lines[node.pos.line - 1] ?? '').trim();
    return l.length > 120 ? `${l.slice(0, 119)}…` : l;
  }

  declared<T>(value: T, keyNode: YamlNode, valueNode: YamlNode = keyNode): Declared<T> {
    return { value, location: this.location(keyNode, valueNode), source: this.source(keyNode) };
  }

  /** A scalar's value after interpolation (strings only). */
  scalar(node: YamlNode, path: string): string | number | boolean | null {
    if (node.kind !== 'scalar') this.fail(node, path, `expected a single value, got a ${node.kind === 'map' ? 'mapping' : 'list'}`);
    return typeof node.value === 'string' ? this.interpolate(node, node.value, path) : node.value;
  }

  string(node: YamlNode, path: string): string {
    const v = this.scalar(node, path);
    if (v === null) this.fail(node, path, 'expected a value, got nothing');
    if (typeof v === 'boolean') this.fail(node, path, `expected a string, got ${v}`);
    return String(v);
  }

  convert<T>(node: YamlNode, path: string, parse: (v: string | number) => T): T {
    const v = this.scalar(node, path);
    if (v === null || typeof v === 'boolean') this.fail(node, path, `expected a value, got ${v === null ? 'nothing' : v}`);
    try {
      return parse(v);
    } catch (e) {
      if (e instanceof ValueError) this.fail(node, path, e.message);
      throw e;
    }
  }

  boolean(node: YamlNode, path: string): boolean {
    const v = this.scalar(node, path);
    try {
      return parseBoolean(v);
    } catch (e) {
      if (e instanceof ValueError) this.fail(node, path, `expected true or false, got ${JSON.stringify(v)}`);
      throw e;
    }
  }

  list(node: YamlNode, path: string): YamlNode[] {
    if (node.kind === 'seq') return node.items;
    if (node.kind === 'scalar' && node.value === null) return [];
    this.fail(node, path, `expected a list, got ${node.kind === 'map' ? 'a mapping' : JSON.stringify(node.value)}`);
  }

  map(node: YamlNode, path: string): YamlNode & { kind: 'map' } {
    if (node.kind === 'map') return node;
    this.fail(node, path, `expected a mapping, got ${node.kind === 'seq' ? 'a list' : JSON.stringify((node as Scalar).value)}`);
  }

  /** `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR:+alt}`, `$VAR`, `$$`. */
  interpolate(node: YamlNode, s: string, path: string): string {
    if (!s.includes('$')) return s;
    let out = '';
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (c !== '$') {
        out += c;
        continue;
      }
      const next = s[i + 1];
      if (next === '$') {
        out += '$';
        i++;
      } else if (next === '{') {
        let depth = 1;
        let j = i + 2;
        for (; j < s.length && depth; j++) {
          if (s[j] === '{') depth++;
          else if (s[j] === '}') depth--;
        }
        if (depth) this.fail(node, path, `unclosed "\${" in ${JSON.stringify(s)}`);
        out += this.expand(node, s.slice(i + 2, j - 1), path);
        i = j - 1;
      } else if (next !== undefined && /[A-Za-z_]/.test(next)) {
        const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i + 1))!;
        out += this.env[m[0]] ?? '';
        i += m[0].length;
      } else {
        out += c;
      }
    }
    return out;
  }

  private expand(node: YamlNode, expr: string, path: string): string {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/.exec(expr);
    if (!m) this.fail(node, path, `"\${${expr}}" is not a valid interpolation`);
    const [, name, op, arg = ''] = m;
    const value = this.env[name];
    const unset = value === undefined || (op?.startsWith(':') && value === '');
    switch (op) {
      case undefined:
        return value ?? '';
      case '-':
      case ':-':
        return unset ? this.interpolate(node, arg, path) : value!;
      case '?':
      case ':?':
        if (unset) this.fail(node, path, `required variable ${name} is not set${arg ? `: ${arg}` : ''}`);
        return value!;
      default: // + and :+
        return unset ? '' : this.interpolate(node, arg, path);
    }
  }
}

/** Compose's string form of command/entrypoint: split like a shell would split words, without running one. */
export function splitWords(s: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "'") {
      const end = s.indexOf("'", i + 1);
      cur += s.slice(i + 1, end < 0 ? s.length : end);
      i = end < 0 ? s.length : end;
      inWord = true;
    } else if (c === '"') {
      i++;
      while (i < s.length && s[i] !== '"') {
        if (s[i] === '\\' && i + 1 < s.length && '"\\$`'.includes(s[i + 1])) i++;
        cur += s[i++];
      }
      inWord = true;
    } else if (c === '\\' && i + 1 < s.length) {
      cur += s[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

/** The names of the services in a compose file's text (for messages). */
function serviceNames(services: YamlNode | undefined): string[] {
  return services?.kind === 'map' ? entries(services).map((e) => e.key) : [];
}

/**
 * The profile of one service. `service` undefined: the only service of the file. Throws ComposeError (not
 * YAML, no such service, a value of the wrong type).
 */
export function composeProfile(text: string, file: string, service?: string, env: Record<string, string | undefined> = {}): RuntimeProfile {
  let root: YamlNode | null;
  try {
    root = parseYaml(text);
  } catch (e) {
    if (e instanceof YamlSyntaxError) throw new ComposeError(file, e.line, e.column, `not valid YAML: ${e.message}`);
    throw e;
  }
  const r: Reader = new Reader(file, text, env);
  if (!root || root.kind !== 'map') throw new ComposeError(file, root?.pos.line ?? 0, root?.pos.column ?? 0, 'not a compose file: expected a mapping with `services:`');
  const services = get(root, 'services');
  if (!services) throw new ComposeError(file, 0, 0, 'not a compose file: it has no `services:`');
  const svcMap = r.map(services.value, 'services');
  const names = serviceNames(svcMap);
  let entry: ReturnType<typeof get>;
  if (service === undefined) {
    if (names.length !== 1) {
      throw new ComposeError(file, 0, 0, names.length ? `${names.length} services (${names.join(', ')}): name the one to judge with --service (input service)` : 'no services');
    }
    service = names[0];
  }
  entry = get(svcMap, service);
  if (!entry) throw new ComposeError(file, 0, 0, `no service "${service}" (services: ${names.join(', ') || 'none'})`);
  const anchorNode = entry.keyNode;
  const profile = emptyProfile('compose', file, r.location(anchorNode), service);
  if (entry.value.kind === 'scalar' && entry.value.value === null) return profile;
  const svc = r.map(entry.value, `services.${service}`);
  const base = `services.${service}`;

  for (const { key, keyNode, value } of entries(svc)) {
    const path = `${base}.${key}`;
    const decl = <T>(v: T, valueNode: YamlNode = value) => r.declared(v, keyNode, valueNode);
    const item = <T>(v: T, node: YamlNode) => {
      const line = r.source(node);
      return { value: v, location: r.location(node), source: line.startsWith(`${key}:`) ? line : `${key}: ${line.replace(/^-\s*/, '')}` };
    };
    if (value.kind === 'scalar' && value.value === null && key !== 'healthcheck') continue;
    switch (key) {
      case 'user':
        profile.user = decl(r.string(value, path));
        break;
      case 'privileged':
        profile.privileged = decl(r.boolean(value, path));
        break;
      case 'read_only':
        profile.readOnly = decl(r.boolean(value, path));
        break;
      case 'cap_add':
      case 'cap_drop': {
        const list = r.list(value, path).map((n, i) => item(normalizeCapability(r.string(n, `${path}[${i}]`)), n));
        if (key === 'cap_add') profile.capAdd.push(...list);
        else profile.capDrop.push(...list);
        break;
      }
      case 'security_opt':
        r.list(value, path).forEach((n, i) => profile.securityOpt.push(item(parseSecurityOpt(r.string(n, `${path}[${i}]`)), n)));
        break;
      case 'network_mode':
        profile.network = decl(r.string(value, path));
        break;
      case 'pid':
      case 'ipc':
      case 'uts':
        profile[key] = decl(r.string(value, path));
        break;
      case 'userns_mode':
        profile.userns = decl(r.string(value, path));
        break;
      case 'devices':
        r.list(value, path).forEach((n, i) => {
          const p = `${path}[${i}]`;
          if (n.kind === 'map') {
            const src = get(n, 'source');
            if (!src) r.fail(n, p, 'a device needs a source');
            profile.devices.push(item(r.string(src.value, `${p}.source`), n));
          } else {
            profile.devices.push(item(r.convert(n, p, (v) => parseDevice(String(v))), n));
          }
        });
        break;
      case 'volumes':
        r.list(value, path).forEach((n, i) => profile.mounts.push(item(volume(r, n, `${path}[${i}]`), n)));
        break;
      case 'ports':
        r.list(value, path).forEach((n, i) => profile.ports.push(item(port(r, n, `${path}[${i}]`), n)));
        break;
      case 'expose':
        r.list(value, path).forEach((n, i) => {
          const spec = r.convert(n, `${path}[${i}]`, (v) => parsePortSpec(v));
          if (spec.hostPort || spec.hostIp) r.fail(n, `${path}[${i}]`, 'expose takes container ports only (e.g. "8080", "53/udp")');
          profile.expose.push(item(`${spec.containerPort.start === spec.containerPort.end ? spec.containerPort.start : `${spec.containerPort.start}-${spec.containerPort.end}`}/${spec.protocol}`, n));
        });
        break;
      case 'mem_limit':
        profile.memory = decl(r.convert(value, path, parseBytes));
        break;
      case 'cpus':
        profile.cpus = decl(r.convert(value, path, parseDecimal));
        break;
      case 'cpu_shares':
        profile.cpuShares = decl(r.convert(value, path, (v) => parseInteger(v)));
        break;
      case 'cpu_quota':
        profile.cpuQuota = decl(r.convert(value, path, (v) => parseInteger(v)));
        break;
      case 'cpuset':
        profile.cpusetCpus = decl(r.string(value, path));
        break;
      case 'pids_limit':
        profile.pidsLimit = decl(r.convert(value, path, (v) => parseInteger(v)));
        break;
      case 'ulimits':
        for (const u of entries(r.map(value, path))) {
          const p = `${path}.${u.key}`;
          if (u.value.kind === 'map') {
            const soft = get(u.value, 'soft');
            const hard = get(u.value, 'hard');
            if (!soft || !hard) r.fail(u.value, p, 'expected soft: and hard:');
            const s = r.convert(soft.value, `${p}.soft`, (v) => parseInteger(v));
            const h = r.convert(hard.value, `${p}.hard`, (v) => parseInteger(v));
            profile.ulimits.push(r.declared({ name: u.key, soft: s, hard: h }, u.keyNode, u.value));
          } else {
            const n = r.convert(u.value, p, (v) => parseInteger(v));
            profile.ulimits.push(r.declared({ name: u.key, soft: n, hard: n }, u.keyNode, u.value));
          }
        }
        break;
      case 'restart':
        profile.restart = decl(r.convert(value, path, (v) => parseRestart(String(v))));
        break;
      case 'healthcheck':
        profile.healthcheck = decl(healthcheck(r, value, path));
        break;
      case 'tmpfs':
        if (value.kind === 'seq') value.items.forEach((n, i) => profile.tmpfs.push(item(r.string(n, `${path}[${i}]`), n)));
        else profile.tmpfs.push(decl(r.string(value, path)));
        break;
      case 'environment':
        if (value.kind === 'map') {
          for (const e of entries(value)) {
            const v = e.value.kind === 'scalar' && e.value.value === null ? env[e.key] : r.string(e.value, `${path}.${e.key}`);
            if (v !== undefined) profile.environment[e.key] = v;
          }
        } else {
          r.list(value, path).forEach((n, i) => {
            const s = r.string(n, `${path}[${i}]`);
            const eq = s.indexOf('=');
            const v = eq < 0 ? env[s] : s.slice(eq + 1);
            if (v !== undefined) profile.environment[eq < 0 ? s : s.slice(0, eq)] = v;
          });
        }
        break;
      case 'command':
      case 'entrypoint': {
        const argv = value.kind === 'seq' ? value.items.map((n, i) => r.string(n, `${path}[${i}]`)) : splitWords(r.string(value, path));
        profile[key] = decl(argv);
        break;
      }
      case 'working_dir':
        profile.workingDir = r.string(value, path);
        break;
      case 'deploy':
        deploy(r, profile, r.map(value, path), path);
        break;
      case 'env_file':
      case 'volumes_from':
      case 'gpus':
      case 'device_cgroup_rules':
      case 'sysctls':
      case 'extends':
        profile.unsupported.push(decl(key));
        break;
      default:
        break; // image, build, labels, networks, depends_on ...: not about how the container runs
    }
  }
  return profile;
}

function volume(r: Reader, n: YamlNode, path: string): MountSpec {
  if (n.kind !== 'map') return r.convert(n, path, (v) => parseVolumeShort(String(v)));
  const type = get(n, 'type') ? r.string(get(n, 'type')!.value, `${path}.type`) : 'volume';
  const target = get(n, 'target');
  if (!target) r.fail(n, path, 'a volume needs a target');
  const source = get(n, 'source') ? r.string(get(n, 'source')!.value, `${path}.source`) : undefined;
  const ro = get(n, 'read_only');
  const mount: MountSpec = {
    type: type === 'bind' || type === 'volume' || type === 'tmpfs' ? type : 'other',
    ...(source !== undefined ? { source } : {}),
    target: r.string(target.value, `${path}.target`),
    readOnly: ro ? r.boolean(ro.value, `${path}.read_only`) : false,
  };
  if (type === 'volume' && source && isHostPath(source)) mount.type = 'bind';
  const bind = get(n, 'bind');
  if (bind) {
    const prop = get(r.map(bind.value, `${path}.bind`), 'propagation');
    if (prop) mount.propagation = r.string(prop.value, `${path}.bind.propagation`);
  }
  return mount;
}

function port(r: Reader, n: YamlNode, path: string): PortSpec {
  if (n.kind !== 'map') return r.convert(n, path, parsePortSpec);
  const target = get(n, 'target');
  if (!target) r.fail(n, path, 'a port needs a target');
  const protocol = get(n, 'protocol') ? r.string(get(n, 'protocol')!.value, `${path}.protocol`) : 'tcp';
  const containerPort = r.convert(target.value, `${path}.target`, (v) => parsePortSpec(v)).containerPort;
  const spec: PortSpec = { containerPort, protocol };
  const published = get(n, 'published');
  if (published) spec.hostPort = r.convert(published.value, `${path}.published`, (v) => parsePortSpec(v)).containerPort;
  const hostIp = get(n, 'host_ip');
  if (hostIp) spec.hostIp = r.string(hostIp.value, `${path}.host_ip`);
  return spec;
}

function healthcheck(r: Reader, node: YamlNode, path: string): HealthSpec {
  if (node.kind === 'scalar' && node.value === null) return { disabled: false };
  const m = r.map(node, path);
  const spec: HealthSpec = { disabled: false };
  for (const { key, value } of entries(m)) {
    const p = `${path}.${key}`;
    switch (key) {
      case 'test':
        spec.test = value.kind === 'seq' ? value.items.map((n, i) => r.string(n, `${p}[${i}]`)) : ['CMD-SHELL', r.string(value, p)];
        if (spec.test[0]?.toUpperCase() === 'NONE') spec.disabled = true;
        break;
      case 'disable':
        if (r.boolean(value, p)) spec.disabled = true;
        break;
      case 'interval':
        spec.intervalNs = r.convert(value, p, parseDuration);
        break;
      case 'timeout':
        spec.timeoutNs = r.convert(value, p, parseDuration);
        break;
      case 'start_period':
        spec.startPeriodNs = r.convert(value, p, parseDuration);
        break;
      case 'retries':
        spec.retries = r.convert(value, p, (v) => parseInteger(v));
        break;
      default:
        break;
    }
  }
  return spec;
}

function deploy(r: Reader, profile: RuntimeProfile, node: YamlNode & { kind: 'map' }, path: string): void {
  const limits = get(get(node, 'resources')?.value, 'limits');
  if (limits) {
    const m = r.map(limits.value, `${path}.resources.limits`);
    for (const { key, keyNode, value } of entries(m)) {
      const p = `${path}.resources.limits.${key}`;
      if (key === 'memory' && !profile.memory) profile.memory = r.declared(r.convert(value, p, parseBytes), keyNode, value);
      if (key === 'cpus' && !profile.cpus) profile.cpus = r.declared(r.convert(value, p, parseDecimal), keyNode, value);
      if (key === 'pids' && !profile.pidsLimit) profile.pidsLimit = r.declared(r.convert(value, p, (v) => parseInteger(v)), keyNode, value);
    }
  }
  const policy = get(node, 'restart_policy');
  if (policy && !profile.restart) {
    const m = r.map(policy.value, `${path}.restart_policy`);
    const condition = get(m, 'condition');
    const cond = condition ? r.string(condition.value, `${path}.restart_policy.condition`) : 'any';
    const max = get(m, 'max_attempts');
    const maxRetries = max ? r.convert(max.value, `${path}.restart_policy.max_attempts`, (v) => parseInteger(v)) : undefined;
    const at = condition ?? policy;
    if (cond === 'none') profile.restart = r.declared({ name: 'no' }, at.keyNode, at.value);
    else if (cond === 'any') profile.restart = r.declared({ name: 'always' }, at.keyNode, at.value);
    else if (cond === 'on-failure') profile.restart = r.declared({ name: 'on-failure', ...(maxRetries !== undefined && maxRetries > 0 ? { maxRetries } : {}) }, at.keyNode, at.value);
    else r.fail(at.value, `${path}.restart_policy.condition`, `"${cond}" is not one of none, on-failure, any`);
  }
}
