/**
 * A rule example's `runtime:` object -> RuntimeModel, through the same profile parsers a scan uses:
 *
 *   runtime:
 *     compose: |                 # a compose file (findings on its lines) ...
 *       services:
 *         app:
 *           privileged: true
 *     service: app               # default: the only service
 *     runOptions: [--read-only]  # ... or docker run options (findings on line = the option's position)
 *     env: {TAG: "1"}            # for ${VAR} interpolation in the compose text
 *     image:                     # the image, in the image examples' form (config, history, dockerfile)
 *       config: {User: "app", ExposedPorts: ["8080/tcp"]}
 *     probe:                     # what the sandbox saw; absent: the sandbox did not run
 *       processes: [{pid: 1, uid: 0, comm: sshd, args: "/usr/sbin/sshd -D"}]   # or {skipped: reason}
 *       listening: ["tcp 0.0.0.0:8080", "udp :::53"]                            # or {skipped: reason}
 *       health: unhealthy        # or {status, log, waitedMs}, or {skipped: reason}; absent: no healthcheck ran
 *       exit: {code: 1, logs: ["error: no config"]}
 *       startError: 'exec: "app": executable file not found in $PATH'
 *       hostUids: "the engine remaps user namespaces"
 *     probeSkipped: "no image"   # the sandbox did not run, with this reason
 */
import { imageFromExample } from '../image/example.js';
import { composeProfile } from './compose.js';
import { imageFacts } from './facts.js';
import type { HealthStatus, ListeningSocket, ProbeFacts, Probed, ProcessInfo, RuntimeModel, RuntimeProfile } from './model.js';
import { runOptionsProfile } from './run-options.js';

function fail(message: string): never {
  throw new Error(`runtime example: ${message}`);
}

function probed<T>(raw: unknown, read: (v: unknown) => T): Probed<T> {
  if (raw && typeof raw === 'object' && !Array.isArray(raw) && 'skipped' in raw) return { skipped: String((raw as { skipped: unknown }).skipped) };
  return { value: read(raw) };
}

function processes(raw: unknown): ProcessInfo[] {
  if (!Array.isArray(raw)) fail('probe.processes must be a list');
  return raw.map((p, i) => {
    const o = p as Record<string, unknown>;
    const args = String(o.args ?? o.comm ?? '');
    return {
      pid: typeof o.pid === 'number' ? o.pid : i + 1,
      uid: typeof o.uid === 'number' ? o.uid : fail(`probe.processes[${i}] needs a numeric uid`),
      comm: String(o.comm ?? (args.split(/\s+/)[0] ?? '').split('/').pop()),
      args,
    };
  });
}

function sockets(raw: unknown): ListeningSocket[] {
  if (!Array.isArray(raw)) fail('probe.listening must be a list');
  return raw.map((s) => {
    const m = /^(tcp|udp)6?\s+(.+):(\d+)$/.exec(String(s).trim());
    if (!m) fail(`probe.listening: "${s}" is not "tcp ADDRESS:PORT"`);
    return { protocol: m[1] as 'tcp' | 'udp', address: m[2], port: Number(m[3]) };
  });
}

export function runtimeFromExample(example: Record<string, unknown>): RuntimeModel {
  let profile: RuntimeProfile | undefined;
  const env = (example.env ?? {}) as Record<string, string>;
  if (typeof example.compose === 'string') profile = composeProfile(example.compose, 'compose.yml', example.service as string | undefined, env);
  else if (Array.isArray(example.runOptions)) profile = runOptionsProfile(example.runOptions.map(String));
  const image = example.image && typeof example.image === 'object' ? imageFacts(imageFromExample(example.image as Record<string, unknown>)) : undefined;
  const raw = example.probe as Record<string, unknown> | undefined;
  let probe: RuntimeModel['probe'];
  if (!raw) {
    probe = { skipped: typeof example.probeSkipped === 'string' ? example.probeSkipped : 'the runtime check did not run (the example has no probe)' };
  } else {
    const facts: ProbeFacts = {
      command: Array.isArray(raw.command) ? raw.command.map(String) : [],
      processes: raw.processes === undefined ? { value: [] } : probed(raw.processes, processes),
      listening: raw.listening === undefined ? { value: [] } : probed(raw.listening, sockets),
      timeoutMs: typeof raw.timeoutMs === 'number' ? raw.timeoutMs : 30_000,
    };
    if (typeof raw.startError === 'string') facts.startError = raw.startError;
    if (typeof raw.hostUids === 'string') facts.hostUids = raw.hostUids;
    if (raw.exit && typeof raw.exit === 'object') {
      const e = raw.exit as Record<string, unknown>;
      facts.exit = { code: Number(e.code ?? 0), oomKilled: e.oomKilled === true, afterMs: Number(e.afterMs ?? 100), logs: Array.isArray(e.logs) ? e.logs.map(String) : [] };
    }
    if (raw.health !== undefined) {
      facts.health = probed(raw.health, (h) => {
        if (typeof h === 'string') return { status: h as HealthStatus, waitedMs: 5000, log: [] };
        const o = h as Record<string, unknown>;
        return { status: String(o.status) as HealthStatus, waitedMs: Number(o.waitedMs ?? 5000), log: Array.isArray(o.log) ? o.log.map(String) : [] };
      });
    }
    probe = { value: facts };
  }
  const name = image ? `runtime:${image.name}` : profile ? `runtime:${profile.file}${profile.service ? `#${profile.service}` : ''}` : 'runtime:example';
  return { name, ...(profile ? { profile } : {}), ...(image ? { image } : {}), probe };
}
