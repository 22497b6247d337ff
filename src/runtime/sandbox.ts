/**
 * The sandbox: one throw-away container from the image under test, started with the declared profile minus
 * everything dangerous, watched, and removed.
 *
 * - sandboxSpec (pure) turns the image, the profile and the gate's limits into the engine's create options and
 *   the list of what was withheld. It never grants: privileged, host namespaces (network, pid, ipc, uts,
 *   userns), host mounts of any kind (the Docker socket included), devices, capabilities beyond Docker's
 *   default set, AppArmor/seccomp/SELinux relaxations, published ports, or a restart policy. The network is
 *   `none` unless the gate was told another (never `host` or another container's). Memory, CPU and PIDs are
 *   always limited (the declared limit when it is lower).
 * - runSandbox starts it, lets it settle, waits for a healthcheck verdict within the hard timeout, reads its
 *   processes (`top`, which needs nothing in the image), its listening sockets (/proc/net through `cat` or the
 *   shell's builtins; an archive copy cannot read /proc, so an image with neither is a skip), its health and
 *   its exit, and removes it (SIGKILL: nothing in it is worth a graceful stop) whatever happens, also on
 *   SIGINT/SIGTERM through the interrupt registry.
 */
import type Docker from 'dockerode';
import type { ImageConfig } from '../image/model.js';
import type { WithheldSetting } from '../report/report.js';
import { engineMessage } from '../docker/client.js';
import { GATE_LABEL } from '../docker/session.js';
import { onInterrupt } from './interrupt.js';
import { DEFAULT_CAPABILITIES, type HealthStatus, type ProbeFacts, type Probed, type ProcessInfo, type ListeningSocket, type RuntimeProfile } from './model.js';
import { demux, listeningFromProcNet, processesFromTop, safeLogLines, type TopResult } from './probes.js';
import { formatBytes } from './values.js';

/** The label that ties a container to one run of the gate. */
export const RUN_LABEL = 'org.cis-docker-gate.run';
export const ROLE_LABEL = 'org.cis-docker-gate.role';

export interface SandboxLimits {
  memoryBytes: number;
  nanoCpus: number;
  pids: number;
}

export const DEFAULT_LIMITS: SandboxLimits = { memoryBytes: 1024 ** 3, nanoCpus: 1e9, pids: 512 };
export const DEFAULT_TIMEOUT_MS = 30_000;
/** How long a container runs before it is looked at (daemons fork, servers bind). */
export const DEFAULT_SETTLE_MS = 500;
/** Healthchecks run this often in the sandbox, with a start period of at least their own interval. */
const PROBE_HEALTH_INTERVAL_NS = 1e9;

export interface SandboxRequest {
  /** What to run: the image id (or a reference the engine has). */
  image: string;
  /** The image's config (its healthcheck, command). */
  config: ImageConfig;
  profile?: RuntimeProfile;
  /** `none` unless the user named another network. */
  network: string;
  /** --runtime-command: replaces the image's CMD. */
  command?: string[];
  limits: SandboxLimits;
  labels: Record<string, string>;
  /** The hardening trial: the CIS-hardened profile on top of what is granted. */
  harden?: { user?: string };
}

export interface SandboxSpec {
  create: Docker.ContainerCreateOptions;
  withheld: WithheldSetting[];
  /** Does the container run a healthcheck (declared or the image's, not disabled)? */
  healthcheck: boolean;
  /** The command it runs, for messages. */
  command: string[];
}

/** Networks the sandbox refuses whatever it is told: they are the host's, or another container's. */
export function forbiddenNetwork(network: string): string | undefined {
  const n = network.trim().toLowerCase();
  if (n === 'host') return 'the host network would give the container the host\'s network stack';
  if (n.startsWith('container:') || n.startsWith('service:')) return 'another container\'s network namespace is not the sandbox\'s to share';
  return undefined;
}

const NS_HOST_OK = new Set(['', 'private', 'shareable', 'none']);

/** Create options and what was withheld. Pure. */
export function sandboxSpec(req: SandboxRequest): SandboxSpec {
  const p = req.profile;
  const withheld: WithheldSetting[] = [];
  const hold = (setting: string, reason: string) => withheld.push({ setting, reason });
  const host: Docker.HostConfig = {
    NetworkMode: req.network,
    Privileged: false,
    PublishAllPorts: false,
    RestartPolicy: { Name: 'no', MaximumRetryCount: 0 },
    AutoRemove: false,
    LogConfig: { Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '1' } },
  };
  const config: Docker.ContainerCreateOptions = { Image: req.image, Labels: { ...req.labels, [GATE_LABEL]: 'true' }, HostConfig: host };

  // Who it runs as, and with which capabilities and security options.
  if (p?.user) config.User = p.user.value;
  const capDrop = [...new Set(p?.capDrop.map((c) => c.value) ?? [])];
  const capAdd: string[] = [];
  for (const c of p?.capAdd ?? []) {
    if (DEFAULT_CAPABILITIES.includes(c.value)) capAdd.push(c.value);
    else hold(c.source, c.value === 'ALL' ? 'every capability: judged from the declaration, not granted' : `${c.value} is not in Docker's default set: judged from the declaration, not granted`);
  }
  let nnp = false;
  for (const o of p?.securityOpt ?? []) {
    const { key, value } = o.value;
    if (key === 'no-new-privileges') nnp = value === '' || value.toLowerCase() === 'true';
    else hold(o.source, `security options other than no-new-privileges are not applied (${key} ${value === 'unconfined' || value === 'disable' ? 'would relax the confinement' : 'names a profile this machine may not have'})`);
  }
  if (p?.privileged?.value) hold(p.privileged.source, 'never granted: the sandbox does not run privileged containers');

  // Namespaces: the sandbox's own, always.
  if (p?.network && p.network.value !== req.network) hold(p.network.source, `the sandbox runs on network ${req.network}`);
  for (const [key, d] of [['pid', p?.pid], ['uts', p?.uts], ['userns', p?.userns]] as const) {
    if (d && d.value !== '') hold(d.source, `never granted: the sandbox does not share ${key} namespaces`);
  }
  if (p?.ipc) {
    if (NS_HOST_OK.has(p.ipc.value.toLowerCase())) host.IpcMode = p.ipc.value.toLowerCase();
    else hold(p.ipc.source, 'never granted: the sandbox does not share IPC namespaces');
  }

  // Storage: no host path ever; named volumes become empty anonymous volumes (removed with the container).
  const volumes: Record<string, object> = {};
  for (const m of p?.mounts ?? []) {
    if (m.value.type === 'tmpfs') {
      host.Tmpfs = { ...host.Tmpfs, [m.value.target]: '' };
    } else if (m.value.type === 'volume') {
      volumes[m.value.target] = {};
      if (m.value.source) hold(m.source, `the named volume is replaced by an empty, throw-away volume on ${m.value.target}`);
    } else {
      hold(m.source, 'host paths are never mounted into the sandbox');
    }
  }
  for (const d of p?.devices ?? []) hold(d.source, 'host devices are never passed to the sandbox');
  for (const t of p?.tmpfs ?? []) {
    const [target, ...opts] = t.value.split(':');
    host.Tmpfs = { ...host.Tmpfs, [target]: opts.join(':') };
  }
  if (Object.keys(volumes).length) config.Volumes = volumes;
  for (const port of p?.ports ?? []) hold(port.source, 'ports are not published from the sandbox');
  if (p?.publishAll?.value) hold(p.publishAll.source, 'ports are not published from the sandbox');
  if (p?.restart && p.restart.value.name !== 'no') hold(p.restart.source, 'the sandbox never restarts the container: an exit is reported instead');
  for (const u of p?.unsupported ?? []) hold(u.source, `${u.value} is not applied to the sandbox`);
  if (p?.cpusetCpus) hold(p.cpusetCpus.source, "this machine's CPUs are not the production host's; the sandbox's CPU limit applies");

  // Resources: the declared limit when lower than the sandbox's.
  const memory = p?.memory && p.memory.value > 0 ? Math.min(p.memory.value, req.limits.memoryBytes) : req.limits.memoryBytes;
  if (p?.memory && p.memory.value > req.limits.memoryBytes) hold(p.memory.source, `lowered to the sandbox's ${formatBytes(req.limits.memoryBytes)}`);
  host.Memory = memory;
  host.MemorySwap = memory;
  const cpus = p?.cpus && p.cpus.value > 0 ? Math.min(Math.round(p.cpus.value * 1e9), req.limits.nanoCpus) : req.limits.nanoCpus;
  host.NanoCpus = cpus;
  if (p?.cpus && p.cpus.value * 1e9 > req.limits.nanoCpus) hold(p.cpus.source, `lowered to the sandbox's ${req.limits.nanoCpus / 1e9} CPU`);
  if (p?.cpuShares && p.cpuShares.value > 0) host.CpuShares = p.cpuShares.value;
  const pids = p?.pidsLimit && p.pidsLimit.value > 0 ? Math.min(p.pidsLimit.value, req.limits.pids) : req.limits.pids;
  host.PidsLimit = pids;
  if (p?.pidsLimit && p.pidsLimit.value > req.limits.pids) hold(p.pidsLimit.source, `lowered to the sandbox's ${req.limits.pids}`);
  if (p?.ulimits.length) host.Ulimits = p.ulimits.map((u) => ({ Name: u.value.name, Soft: u.value.soft, Hard: u.value.hard }));
  if (p?.readOnly?.value) host.ReadonlyRootfs = true;

  // The hardening trial: the CIS-hardened profile on top.
  if (req.harden) {
    if (req.harden.user) config.User = req.harden.user;
    host.ReadonlyRootfs = true;
    host.Tmpfs = { '/tmp': '', ...host.Tmpfs };
    capDrop.splice(0, capDrop.length, 'ALL');
    nnp = true;
    host.PidsLimit = Math.min(pids, 200);
  }
  if (capDrop.length) host.CapDrop = capDrop;
  if (capAdd.length) host.CapAdd = [...new Set(capAdd)];
  if (nnp) host.SecurityOpt = ['no-new-privileges'];

  // What it runs.
  if (p?.entrypoint) {
    config.Entrypoint = p.entrypoint.value;
    config.Cmd = p.command?.value ?? [];
  } else if (p?.command) {
    config.Cmd = p.command.value;
  }
  if (req.command) config.Cmd = req.command;
  if (p && Object.keys(p.environment).length) config.Env = Object.entries(p.environment).map(([k, v]) => `${k}=${v}`);
  if (p?.workingDir) config.WorkingDir = p.workingDir;

  // The healthcheck: declared, else the image's; run often, with a start period of at least its own interval.
  const declared = p?.healthcheck?.value;
  const imageHc = req.config.Healthcheck;
  let test: string[] | undefined;
  let interval: number | undefined;
  let startPeriod: number | undefined;
  let timeout: number | undefined;
  let retries: number | undefined;
  if (declared?.disabled) {
    config.Healthcheck = { Test: ['NONE'] };
  } else {
    test = declared?.test ?? imageHc?.Test;
    interval = declared?.intervalNs ?? imageHc?.Interval;
    startPeriod = declared?.startPeriodNs ?? imageHc?.StartPeriod;
    timeout = declared?.timeoutNs ?? imageHc?.Timeout;
    retries = declared?.retries ?? imageHc?.Retries;
  }
  const healthcheck = Boolean(test?.length && test[0].toUpperCase() !== 'NONE');
  if (healthcheck) {
    const own = interval && interval > 0 ? interval : 30e9;
    config.Healthcheck = {
      Test: test,
      Interval: Math.min(own, PROBE_HEALTH_INTERVAL_NS),
      StartPeriod: Math.max(startPeriod ?? 0, own),
      ...(timeout ? { Timeout: timeout } : {}),
      ...(retries ? { Retries: retries } : {}),
    };
  }
  const command = [...(config.Entrypoint ?? req.config.Entrypoint ?? []), ...((config.Cmd as string[] | undefined) ?? (config.Entrypoint ? [] : (req.config.Cmd ?? [])))];
  return { create: config, withheld, healthcheck, command: command as string[] };
}

export interface RunOptions {
  timeoutMs: number;
  settleMs?: number;
  /** Read processes and sockets (the hardening trial only needs to know it runs). */
  probes: boolean;
  /** Set when `top` shows host uids (user namespaces remapped, rootless engine). */
  hostUids?: string;
  /** Values to mask in log lines (the environment the gate passed in). */
  secrets?: string[];
  log?: (line: string) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface State {
  Running?: boolean;
  ExitCode?: number;
  OOMKilled?: boolean;
  Error?: string;
  StartedAt?: string;
  FinishedAt?: string;
  Health?: { Status?: string; Log?: { Output?: string; ExitCode?: number }[] };
}

async function state(c: Docker.Container): Promise<State> {
  const info = (await c.inspect()) as unknown as { State?: State };
  return info.State ?? {};
}

/** Runs a command in the container; undefined when it could not run (no such program, container gone). */
async function execCapture(c: Docker.Container, cmd: string[], timeoutMs: number): Promise<{ code: number; stdout: string; stderr: string } | undefined> {
  try {
    const exec = await c.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true, Tty: false });
    const stream = (await exec.start({ hijack: true, stdin: false })) as NodeJS.ReadableStream & { destroy?: () => void };
    const chunks: Buffer[] = [];
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        stream.destroy?.();
        resolve();
      }, timeoutMs);
      stream.on('data', (d: Buffer) => chunks.push(Buffer.from(d)));
      stream.on('end', () => (clearTimeout(timer), resolve()));
      stream.on('close', () => (clearTimeout(timer), resolve()));
      stream.on('error', () => (clearTimeout(timer), resolve()));
    });
    const info = (await exec.inspect()) as { ExitCode?: number | null; Running?: boolean };
    const { stdout, stderr } = demux(Buffer.concat(chunks));
    return { code: info.ExitCode ?? -1, stdout, stderr };
  } catch {
    return undefined;
  }
}

const PROC_NET = ['/proc/net/tcp', '/proc/net/tcp6', '/proc/net/udp', '/proc/net/udp6'];
const SHELL_READ = `for f in ${PROC_NET.join(' ')}; do [ -r "$f" ] && while IFS= read -r l; do echo "$l"; done < "$f"; done; :`;

async function readSockets(c: Docker.Container, timeoutMs: number): Promise<Probed<ListeningSocket[]>> {
  // cat prints what it can read and fails on a missing file (no IPv6): its output is still good.
  const viaCat = await execCapture(c, ['cat', ...PROC_NET], timeoutMs);
  if (viaCat && viaCat.stdout.includes('local_address')) return { value: listeningFromProcNet(viaCat.stdout) };
  const viaShell = await execCapture(c, ['sh', '-c', SHELL_READ], timeoutMs);
  if (viaShell && viaShell.stdout.includes('local_address')) return { value: listeningFromProcNet(viaShell.stdout) };
  return {
    skipped:
      'the image has neither cat nor a shell to read /proc/net/tcp with, and the engine cannot copy /proc out of a container: its listening sockets were not read',
  };
}

async function readProcesses(c: Docker.Container): Promise<Probed<ProcessInfo[]>> {
  const top = (ps_args?: string) => (c.top(ps_args ? { ps_args } : {}) as Promise<TopResult>).catch(() => undefined);
  const [detail, comms] = await Promise.all([top('-o pid,ppid,uid,gid,args'), top('-o pid,comm')]);
  const plain = detail ? undefined : await top();
  if (!detail && !plain) return { skipped: 'the engine could not list the container\'s processes (top failed)' };
  return { value: processesFromTop(detail, comms, plain) };
}

async function tail(c: Docker.Container, secrets: string[]): Promise<string[]> {
  try {
    const raw = (await c.logs({ stdout: true, stderr: true, tail: 20, follow: false })) as unknown as Buffer | string;
    const { stdout, stderr } = demux(Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw)));
    return safeLogLines(`${stdout}\n${stderr}`, secrets, 10);
  } catch {
    return [];
  }
}

function health(s: State): HealthStatus | undefined {
  const v = s.Health?.Status;
  return v === 'healthy' || v === 'unhealthy' || v === 'starting' ? v : undefined;
}

/** Removes a container the gate made; never throws. */
export async function removeContainer(docker: Docker, id: string): Promise<void> {
  try {
    await docker.getContainer(id).remove({ force: true, v: true });
  } catch (e) {
    const code = (e as { statusCode?: number }).statusCode;
    if (code === 404) return;
    // "removal already in progress" (409): wait for it to finish.
    for (let i = 0; i < 50; i++) {
      await sleep(100);
      try {
        await docker.getContainer(id).inspect();
      } catch {
        return;
      }
    }
  }
}

/** Starts the container, watches it, removes it. Engine errors before the start are GateErrors for the caller. */
export async function runSandbox(docker: Docker, spec: SandboxSpec, options: RunOptions): Promise<ProbeFacts> {
  const t0 = Date.now();
  const deadline = t0 + options.timeoutMs;
  const facts: ProbeFacts = {
    command: spec.command,
    processes: { skipped: 'the container was not running' },
    listening: { skipped: 'the container was not running' },
    timeoutMs: options.timeoutMs,
  };
  if (options.hostUids) facts.hostUids = options.hostUids;
  let container: Docker.Container;
  try {
    container = await docker.createContainer(spec.create);
  } catch (e) {
    // 400: the engine refuses the container itself (an image with no command, a user spec it cannot parse).
    if ((e as { statusCode?: number }).statusCode === 400) {
      facts.startError = engineMessage(e);
      return facts;
    }
    throw e;
  }
  const unregister = onInterrupt(() => removeContainer(docker, container.id));
  try {
    let startedAt = Date.now();
    try {
      await container.start();
      startedAt = Date.now();
    } catch (e) {
      facts.startError = engineMessage(e).replace(/^failed to create shim task: /, '').replace(/^OCI runtime create failed: /, '');
      return facts;
    }
    // Settle: let it start its processes, unless it stops first.
    let s = await state(container);
    const settleUntil = startedAt + (options.settleMs ?? DEFAULT_SETTLE_MS);
    while (s.Running && Date.now() < settleUntil) {
      await sleep(Math.min(100, Math.max(10, settleUntil - Date.now())));
      s = await state(container);
    }
    // The healthcheck's verdict, within the hard timeout.
    if (spec.healthcheck && s.Running) {
      while (s.Running && health(s) === 'starting' && Date.now() < deadline) {
        await sleep(200);
        s = await state(container);
      }
      const status = health(s);
      if (s.Running && status) {
        const log = (s.Health?.Log ?? []).slice(-3).map((l) => (l.Output ?? '').trim().split('\n').pop() ?? '').filter(Boolean);
        facts.health = { value: { status, waitedMs: Date.now() - startedAt, log: safeLogLines(log.join('\n'), options.secrets ?? [], 3) } };
      }
    }
    if (s.Running && options.probes) {
      const left = Math.max(1000, deadline - Date.now());
      // Processes first: the exec that reads the sockets would show up in the list.
      facts.processes = await readProcesses(container);
      facts.listening = await readSockets(container, Math.min(left, 10_000));
      s = await state(container);
    }
    if (!s.Running) {
      const started = Date.parse(s.StartedAt ?? '') || startedAt;
      const finished = Date.parse(s.FinishedAt ?? '') || Date.now();
      facts.exit = { code: s.ExitCode ?? -1, oomKilled: Boolean(s.OOMKilled), afterMs: Math.max(0, finished - started), logs: await tail(container, options.secrets ?? []) };
      const why = `the container exited (code ${facts.exit.code}) before it could be probed; see runtime/exits-at-start`;
      if (!('value' in facts.processes)) facts.processes = { skipped: why };
      if (!('value' in facts.listening)) facts.listening = { skipped: why };
      if (spec.healthcheck && !facts.health) facts.health = { skipped: why };
    } else if (spec.healthcheck && !facts.health) {
      facts.health = { skipped: 'the engine reported no health status' };
    }
    return facts;
  } finally {
    await removeContainer(docker, container.id);
    unregister();
  }
}
