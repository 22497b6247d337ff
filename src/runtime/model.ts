/**
 * The runtime target as the checks see it: the profile the team declares (a compose service or `docker run`
 * options, every setting with the line or option that set it), what the image says about itself (user,
 * exposed ports, healthcheck, with their Dockerfile lines when known), and what the sandbox observed when it
 * ran the image (processes, listening sockets, health, exit). Plain data: src/runtime/profile.ts and
 * src/runtime/sandbox.ts fill it in at the edge; src/checks/runtime/ only read it.
 */
import type { ImageConfig } from '../image/model.js';
import type { Location } from '../types.js';

/** The Location file of a setting declared as a run option; the line is the option's 1-based position. */
export const RUN_OPTIONS_FILE = 'run-options';

/** The reason every declared-settings rule gives when the team declared nothing. */
export const NO_PROFILE = 'no runtime profile declared';

/** One declared setting: its value, where it was set, and how it was written (never a secret: no env values here). */
export interface Declared<T> {
  value: T;
  location: Location;
  /** As written, for messages: `privileged: true`, `--privileged`, `- /:/host`. */
  source: string;
}

export interface MountSpec {
  type: 'bind' | 'volume' | 'tmpfs' | 'other';
  /** Host path (bind) or volume name; absent for anonymous volumes and tmpfs. */
  source?: string;
  target: string;
  readOnly: boolean;
  /** shared, rshared, slave, rslave, private, rprivate. */
  propagation?: string;
}

export interface PortRange {
  start: number;
  end: number;
}

export interface PortSpec {
  /** The host address it is published on; undefined: every interface. */
  hostIp?: string;
  /** Undefined: a port the engine picks (ephemeral, above 1024). */
  hostPort?: PortRange;
  containerPort: PortRange;
  protocol: string;
}

export interface Ulimit {
  name: string;
  soft: number;
  hard: number;
}

export interface RestartPolicy {
  name: 'no' | 'always' | 'unless-stopped' | 'on-failure';
  /** on-failure only; undefined: unlimited retries. */
  maxRetries?: number;
}

export interface HealthSpec {
  /** `["CMD", ...]`, `["CMD-SHELL", "..."]` or `["NONE"]`; undefined when only timings are given. */
  test?: string[];
  disabled: boolean;
  intervalNs?: number;
  timeoutNs?: number;
  retries?: number;
  startPeriodNs?: number;
}

export interface SecurityOpt {
  /** apparmor, seccomp, label, no-new-privileges, systempaths, ... */
  key: string;
  /** `unconfined`, `disable`, `true`, a profile... (`true` for a bare `no-new-privileges`). */
  value: string;
}

/** Where the profile came from and everything it declares. */
export interface RuntimeProfile {
  kind: 'compose' | 'run-options';
  /** The compose file, or RUN_OPTIONS_FILE. */
  file: string;
  service?: string;
  /** Where a finding about a setting that is missing goes: the service's line, or the first run option. */
  anchor: Location;
  user?: Declared<string>;
  privileged?: Declared<boolean>;
  /** Capabilities, upper case without `CAP_` (`ALL` kept as is). */
  capAdd: Declared<string>[];
  capDrop: Declared<string>[];
  readOnly?: Declared<boolean>;
  securityOpt: Declared<SecurityOpt>[];
  /** network_mode / --network. */
  network?: Declared<string>;
  pid?: Declared<string>;
  ipc?: Declared<string>;
  uts?: Declared<string>;
  userns?: Declared<string>;
  /** Host device paths. */
  devices: Declared<string>[];
  mounts: Declared<MountSpec>[];
  ports: Declared<PortSpec>[];
  /** `--publish-all` / `-P`: every exposed port on a random host port on every interface. */
  publishAll?: Declared<boolean>;
  /** Container ports the team says are meant to be open (`expose`), `8080/tcp`. */
  expose: Declared<string>[];
  /** Bytes; 0 means unlimited. */
  memory?: Declared<number>;
  cpus?: Declared<number>;
  cpuShares?: Declared<number>;
  cpuQuota?: Declared<number>;
  cpusetCpus?: Declared<string>;
  /** 0 or negative: unlimited. */
  pidsLimit?: Declared<number>;
  ulimits: Declared<Ulimit>[];
  restart?: Declared<RestartPolicy>;
  healthcheck?: Declared<HealthSpec>;
  /** tmpfs mounts: `/tmp` or `/run:size=64m`. */
  tmpfs: Declared<string>[];
  /** What the sandbox needs to start the container the way the team does. Values are never shown. */
  environment: Record<string, string>;
  entrypoint?: Declared<string[]>;
  command?: Declared<string[]>;
  workingDir?: string;
  /** Declared settings that neither a rule nor the sandbox uses, but that the sandbox cannot honour (env_file, gpus, ...). */
  unsupported: Declared<string>[];
}

export function emptyProfile(kind: RuntimeProfile['kind'], file: string, anchor: Location, service?: string): RuntimeProfile {
  return {
    kind,
    file,
    ...(service !== undefined ? { service } : {}),
    anchor,
    capAdd: [],
    capDrop: [],
    securityOpt: [],
    devices: [],
    mounts: [],
    ports: [],
    expose: [],
    ulimits: [],
    tmpfs: [],
    environment: {},
    unsupported: [],
  };
}

/** One process in the container, as the engine's `top` reports it. */
export interface ProcessInfo {
  pid: number;
  ppid?: number;
  /** The effective user id, as the engine's host sees it. */
  uid: number;
  gid?: number;
  /** The kernel's command name (a script's file name for a script). */
  comm: string;
  /** The command line. */
  args: string;
}

/** A socket bound to receive connections: TCP in LISTEN state, or an unconnected UDP socket. */
export interface ListeningSocket {
  protocol: 'tcp' | 'udp';
  /** `0.0.0.0`, `::`, `127.0.0.1`, ... */
  address: string;
  port: number;
}

export type HealthStatus = 'healthy' | 'unhealthy' | 'starting';

/** A fact a probe gathered, or why it could not be gathered. */
export type Probed<T> = { value: T } | { skipped: string };

/** What the sandbox observed. */
export interface ProbeFacts {
  /** The command the container ran, as the engine reported it (for messages). */
  command: string[];
  /** The engine refused to start the container (`exec: "x": executable file not found`). */
  startError?: string;
  /** The container stopped on its own before the probes finished. */
  exit?: { code: number; oomKilled: boolean; afterMs: number; logs: string[] };
  processes: Probed<ProcessInfo[]>;
  listening: Probed<ListeningSocket[]>;
  /** Undefined when the container had no healthcheck (none in the image, none declared, or disabled). */
  health?: Probed<{ status: HealthStatus; waitedMs: number; log: string[] }>;
  /** Set when the engine remaps user namespaces (or is rootless): `top` then shows host uids, not the container's. */
  hostUids?: string;
  /** The sandbox's hard timeout, for messages. */
  timeoutMs: number;
}

/** What the image says about itself, with the Dockerfile lines that said it (else the image's fallback). */
export interface ImageFacts {
  name: string;
  config: ImageConfig;
  /** Where findings with no better place go: the Dockerfile's final FROM line, else the image itself. */
  fallback: Location;
  user: Location;
  healthcheck: Location;
  command: Location;
  /** Per exposed port (`8080/tcp`), the EXPOSE instruction. */
  expose: Record<string, Location>;
}

export interface RuntimeModel {
  /** The subject of every runtime verdict: `runtime:<image>` or `runtime:<compose file>#<service>`. */
  name: string;
  /** Undefined when the team declared no runtime profile. */
  profile?: RuntimeProfile;
  /** Undefined when no image was available (only a profile was judged). */
  image?: ImageFacts;
  /** What the sandbox saw, or why it did not run. */
  probe: Probed<ProbeFacts>;
}

/** Where a finding about the running container goes when nothing declared it: the image's fallback, else the profile's anchor. */
export function runtimeFallback(model: RuntimeModel): Location {
  return model.image?.fallback ?? model.profile?.anchor ?? { file: model.name, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
}

/** The location of a run option: its 1-based position is the line. */
export function runOptionLocation(index: number, text: string): Location {
  return { file: RUN_OPTIONS_FILE, startLine: index + 1, startColumn: 1, endLine: index + 1, endColumn: text.length + 1 };
}

/** Docker's default capability set: what a container has unless told otherwise. */
export const DEFAULT_CAPABILITIES: readonly string[] = [
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'NET_RAW',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
];

/** `cap_net_admin`, `CAP_NET_ADMIN`, `net_admin` -> `NET_ADMIN`. */
export function normalizeCapability(cap: string): string {
  const c = cap.trim().toUpperCase();
  return c.startsWith('CAP_') ? c.slice(4) : c;
}

/** `no-new-privileges`, `seccomp=unconfined`, `seccomp:unconfined` (the legacy form) -> key and value. */
export function parseSecurityOpt(text: string): SecurityOpt {
  const t = text.trim();
  const eq = t.indexOf('=');
  const colon = t.indexOf(':');
  const at = eq >= 0 && (colon < 0 || eq < colon) ? eq : colon;
  if (at < 0) return { key: t.toLowerCase(), value: 'true' };
  return { key: t.slice(0, at).trim().toLowerCase(), value: t.slice(at + 1).trim() };
}

/** A user spec that means root: ``, `root`, `0`, `0:0`, `root:root`, `0:1000` (the group does not matter). */
export function isRootUser(user: string): boolean {
  const name = user.trim().split(':')[0];
  return name === '' || name === 'root' || name === '0';
}

export function formatPorts(r: PortRange): string {
  return r.start === r.end ? String(r.start) : `${r.start}-${r.end}`;
}
