/**
 * Registry credentials for a pull: given as input (username/password, or a token), else from the Docker config
 * file ($DOCKER_CONFIG/config.json or ~/.docker/config.json: `auths` with base64 `auth` or `identitytoken`,
 * `credHelpers`/`credsStore` through their docker-credential-<helper> programs, as the Docker CLI does).
 * Credentials are handed to the engine only; no message ever contains them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DOCKER_HUB } from '../dockerfile/image-ref.js';
import { GateError } from '../types.js';

export interface RegistryCredentials {
  username?: string;
  password?: string;
  /** A registry token: used as the password when a username is given, else sent as a bearer token. */
  token?: string;
}

/** What the engine's X-Registry-Auth header carries. */
export interface AuthConfig {
  username?: string;
  password?: string;
  identitytoken?: string;
  registrytoken?: string;
  serveraddress: string;
}

/** Where the Docker CLI keeps its config file. */
export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.DOCKER_CONFIG || join(homedir(), '.docker'), 'config.json');
}

/** The keys a config file may use for a registry: `docker.io` is stored as `https://index.docker.io/v1/`. */
function configKeys(registry: string): string[] {
  if (registry === DOCKER_HUB) return ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'https://index.docker.io/v1', 'registry-1.docker.io'];
  return [registry, `https://${registry}`, `http://${registry}`, `https://${registry}/v1/`, `https://${registry}/v2/`];
}

function fromHelper(helper: string, server: string): AuthConfig | undefined {
  const r = spawnSync(`docker-credential-${helper}`, ['get'], { input: server, encoding: 'utf8', timeout: 10_000 });
  if (r.error || r.status !== 0) return undefined; // not installed, or no credentials stored: pull anonymously
  try {
    const out = JSON.parse(r.stdout) as { Username?: string; Secret?: string };
    if (!out.Secret) return undefined;
    return out.Username === '<token>' ? { identitytoken: out.Secret, serveraddress: server } : { username: out.Username, password: out.Secret, serveraddress: server };
  } catch {
    return undefined;
  }
}

/** Credentials for `registry` from the Docker config file, if it has any. */
export function configFileAuth(registry: string, env: NodeJS.ProcessEnv = process.env): AuthConfig | undefined {
  const file = dockerConfigPath(env);
  if (!existsSync(file)) return undefined;
  let cfg: { auths?: Record<string, { auth?: string; identitytoken?: string; username?: string; password?: string }>; credHelpers?: Record<string, string>; credsStore?: string };
  try {
    cfg = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new GateError(`${file}: not valid JSON (${(e as Error).message.split('\n')[0]})`, 2);
  }
  const keys = configKeys(registry);
  const server = keys[0];
  const helper = keys.map((k) => cfg.credHelpers?.[k]).find(Boolean);
  if (helper) return fromHelper(helper, server);
  for (const k of keys) {
    const a = cfg.auths?.[k];
    if (!a) continue;
    if (a.identitytoken) return { identitytoken: a.identitytoken, serveraddress: k };
    if (a.auth) {
      const decoded = Buffer.from(a.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) throw new GateError(`${file}: the auth entry for ${k} is not base64 of user:password`, 2);
      return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), serveraddress: k };
    }
    if (a.username && a.password) return { username: a.username, password: a.password, serveraddress: k };
  }
  if (cfg.credsStore) return fromHelper(cfg.credsStore, server);
  return undefined;
}

/** The credentials to pull from `registry`: the input's, else the config file's, else none (anonymous). */
export function registryAuth(registry: string, input?: RegistryCredentials, env: NodeJS.ProcessEnv = process.env): AuthConfig | undefined {
  const server = registry === DOCKER_HUB ? 'https://index.docker.io/v1/' : registry;
  if (input && (input.username || input.password || input.token)) {
    if (input.token && !input.username) return { registrytoken: input.token, serveraddress: server };
    const password = input.password ?? input.token;
    if (!input.username || !password) throw new GateError('registry credentials need both a username and a password (or a token)', 2);
    return { username: input.username, password, serveraddress: server };
  }
  return configFileAuth(registry, env);
}
