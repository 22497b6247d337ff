/**
 * The engine's own answers for the host audit: `info`, `version` and the default bridge network. The connection
 * is the shared one (src/docker/client.ts: DOCKER_HOST, TLS, default socket), named as the Docker CLI names it.
 */
import type Docker from 'dockerode';
import { connectEngine } from '../docker/client.js';
import type { HostFacts } from './model.js';

export interface EngineConnection {
  docker: Docker;
  /** As the Docker CLI would name it: `unix:///var/run/docker.sock`, `tcp://10.0.0.5:2376`. */
  endpoint: string;
  /** Whether the gate's connection uses TLS. */
  tls: boolean;
}

/** Connects the way the Docker CLI does; GateError(3) naming where it looked when no engine answers. */
export async function connectHostEngine(env: NodeJS.ProcessEnv = process.env): Promise<EngineConnection> {
  const engine = await connectEngine(env);
  const tls = engine.where.endsWith(' (TLS)');
  return { docker: engine.docker, endpoint: engine.where.replace(/ \(TLS\)$/, ''), tls };
}

/** `info`, `version` and the default bridge (null when the daemon has none). Throws when the engine does not answer. */
export async function engineFacts(docker: Docker): Promise<NonNullable<HostFacts['engine']>> {
  const [info, version] = await Promise.all([docker.info() as Promise<Record<string, unknown>>, docker.version() as unknown as Promise<Record<string, unknown>>]);
  let bridge: Record<string, unknown> | null = null;
  try {
    const net = (await docker.getNetwork('bridge').inspect()) as unknown as Record<string, unknown>;
    const options = (net.Options ?? {}) as Record<string, string>;
    // Only the default bridge counts; a network merely named "bridge" is not it.
    if (net.Driver === 'bridge' && options['com.docker.network.bridge.default_bridge'] !== 'false') bridge = net;
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode !== 404) throw e;
  }
  return { info, version, bridge };
}
