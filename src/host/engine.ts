/**
 * The engine's own answers for the host audit: `info`, `version` and the default bridge network. Every call
 * goes through a Dockerode instance handed in, so the shared connector (src/docker/) can be used when it exists.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import type { HostFacts } from './model.js';

export interface EngineConnection {
  docker: Docker;
  /** As the Docker CLI would name it: `unix:///var/run/docker.sock`, `tcp://10.0.0.5:2376`. */
  endpoint: string;
  tls: boolean;
}

/**
 * A connection the way the Docker CLI chooses one: DOCKER_HOST (unix:// or tcp://, with DOCKER_TLS_VERIFY and
 * DOCKER_CERT_PATH), else the default socket. A stand-in until the shared connector is wired in.
 */
export function engineFromEnvironment(env: NodeJS.ProcessEnv = process.env): EngineConnection {
  const host = env.DOCKER_HOST?.trim();
  if (!host || host.startsWith('unix://')) {
    const socketPath = host ? host.slice('unix://'.length) : '/var/run/docker.sock';
    return { docker: new Docker({ socketPath, timeout: 30_000 }), endpoint: `unix://${socketPath}`, tls: false };
  }
  const m = /^(tcp|http|https):\/\/\[?([^\]/]+?)\]?(?::(\d+))?\/?$/.exec(host);
  if (!m) return { docker: new Docker({ socketPath: host, timeout: 30_000 }), endpoint: host, tls: false };
  const tls = Boolean(env.DOCKER_TLS_VERIFY) || m[1] === 'https';
  const port = m[3] ?? (tls ? '2376' : '2375');
  const certs = env.DOCKER_CERT_PATH ?? join(env.HOME ?? '/root', '.docker');
  const read = (f: string) => {
    try {
      return readFileSync(join(certs, f));
    } catch {
      return undefined;
    }
  };
  const docker = new Docker({
    host: m[2],
    port,
    protocol: tls ? 'https' : 'http',
    ...(tls ? { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') } : {}),
    timeout: 30_000,
  });
  return { docker, endpoint: `tcp://${m[2]}:${port}`, tls };
}

/** `info`, `version` and the default bridge (null when the daemon has none). Throws when the engine does not answer. */
export async function engineFacts(docker: Docker): Promise<NonNullable<HostFacts['engine']>> {
  const [info, version] = await Promise.all([docker.info() as Promise<Record<string, unknown>>, docker.version() as unknown as Promise<Record<string, unknown>>]);
  let bridge: Record<string, unknown> | null = null;
  try {
    const net = (await docker.getNetwork('bridge').inspect()) as unknown as Record<string, unknown>;
    const options = (net.Options ?? {}) as Record<string, string>;
    // Only the default bridge counts; a user network that happens to be named "bridge" is not it.
    if (net.Driver === 'bridge' && options['com.docker.network.bridge.default_bridge'] !== 'false') bridge = net;
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode !== 404) throw e;
  }
  return { info, version, bridge };
}
