/**
 * The engine connection, made the way the Docker CLI makes it: DOCKER_HOST (unix://, tcp://), TLS from
 * DOCKER_TLS_VERIFY / DOCKER_CERT_PATH (default ~/.docker), the default socket otherwise. When no engine
 * answers, a GateError (exit 3) says where the gate looked and what to do.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { GateError } from '../types.js';

export const DEFAULT_SOCKET = '/var/run/docker.sock';

export interface EngineTarget {
  options: Docker.DockerOptions;
  /** Where the gate looks, for messages: `unix:///var/run/docker.sock`, `tcp://host:2376 (TLS)`. */
  where: string;
}

/** Connection options from the environment, as the Docker CLI reads it. Throws GateError(2) on a bad DOCKER_HOST. */
export function engineTarget(env: NodeJS.ProcessEnv = process.env): EngineTarget {
  const host = env.DOCKER_HOST?.trim();
  if (!host) return { options: { socketPath: DEFAULT_SOCKET }, where: `unix://${DEFAULT_SOCKET}` };
  if (host.startsWith('unix://')) {
    const socketPath = host.slice('unix://'.length);
    return { options: { socketPath }, where: host };
  }
  if (host.startsWith('tcp://') || host.startsWith('http://') || host.startsWith('https://')) {
    let url: URL;
    try {
      url = new URL(host.replace(/^tcp:/, 'http:'));
    } catch {
      throw new GateError(`DOCKER_HOST "${host}" is not a valid address (expected unix:///path or tcp://host:port)`, 2);
    }
    const verify = env.DOCKER_TLS_VERIFY !== undefined && env.DOCKER_TLS_VERIFY !== '' && env.DOCKER_TLS_VERIFY !== '0';
    const tls = verify || host.startsWith('https://');
    const port = url.port ? Number(url.port) : tls ? 2376 : 2375;
    const options: Docker.DockerOptions = { host: url.hostname, port, protocol: tls ? 'https' : 'http' };
    if (tls) {
      const dir = env.DOCKER_CERT_PATH || join(homedir(), '.docker');
      const read = (name: string) => {
        const file = join(dir, name);
        if (!existsSync(file)) {
          if (verify) throw new GateError(`DOCKER_TLS_VERIFY is set but ${file} does not exist (set DOCKER_CERT_PATH to the folder with ca.pem, cert.pem, key.pem)`, 2);
          return undefined;
        }
        return readFileSync(file);
      };
      const ca = read('ca.pem');
      const cert = read('cert.pem');
      const key = read('key.pem');
      Object.assign(options, { ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}) });
    }
    return { options, where: `tcp://${url.hostname}:${port}${tls ? ' (TLS)' : ''}` };
  }
  throw new GateError(`DOCKER_HOST "${host}" is not supported: use unix:///path/to/docker.sock or tcp://host:port`, 2);
}

export interface Engine {
  docker: Docker;
  where: string;
}

/** Connects and pings the engine; GateError(3) naming where it looked when nothing answers. */
export async function connectEngine(env: NodeJS.ProcessEnv = process.env, timeoutMs = 10_000): Promise<Engine> {
  const { options, where } = engineTarget(env);
  const docker = new Docker({ ...options, timeout: undefined });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      docker.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error(`no answer in ${timeoutMs / 1000} s`), { code: 'ETIMEDOUT' })), timeoutMs);
      }),
    ]);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code ?? err.message;
    throw new GateError(
      `no Docker engine answered at ${where} (${why}). Start the engine, or point DOCKER_HOST at it (unix:///path/to/docker.sock, tcp://host:2376 with DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH)`,
      3,
    );
  } finally {
    clearTimeout(timer);
  }
  return { docker, where };
}

/** The message of an engine error, without the HTTP noise dockerode adds (`(HTTP code 404) no such image - `). */
export function engineMessage(e: unknown): string {
  const err = e as { json?: { message?: string }; message?: string; reason?: string };
  const msg = err?.json?.message ?? err?.message ?? String(e);
  return msg.replace(/^\(HTTP code \d+\)\s*[^-]*-\s*/, '').trim();
}
