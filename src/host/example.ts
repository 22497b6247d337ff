/**
 * A rule example's `host:` object -> HostFacts. The example form is the facts form with conveniences:
 *
 *   endpoint: tcp://10.0.0.5:2375      # default unix:///var/run/docker.sock
 *   info: {...}                        # `docker info` (any subset); info, version or bridge means the engine answered
 *   version: {...}                     # `docker version`
 *   bridge: {Options: {...}} | null    # the default bridge network; null: the daemon has none
 *   commandLine: dockerd --icc=false   # a string (split on spaces) or a list; absent: not visible
 *   daemonJson: |                      # daemon.json text: findings are on its lines
 *     {"icc": true}
 *   daemonJsonError: EACCES            # daemon.json exists but cannot be read
 *   files:                             # absent: the engine's files are not visible
 *     /var/run/docker.sock: {type: socket, mode: "0660", user: root, group: docker}
 *   etcGroup: "docker:x:999:alice"
 *   etcPasswd: "root:x:0:0:root:/root:/bin/bash"
 *
 * When commandLine is given and daemonJson is not, daemon.json does not exist.
 */
import { GateError } from '../types.js';
import { splitCommandLine } from './command-line.js';
import type { FileFact, HostFacts } from './model.js';

/** The id of a name in /etc/passwd or /etc/group text (third field in both). */
function idFrom(table: string | undefined, name: string): number | undefined {
  for (const line of (table ?? '').split('\n')) {
    const p = line.split(':');
    if (p[0] === name && p.length > 2) return Number(p[2]);
  }
  return undefined;
}

function fileFact(path: string, raw: Record<string, unknown>, etcPasswd?: string, etcGroup?: string): FileFact {
  if (raw.exists === false) return { path, exists: false };
  const mode = typeof raw.mode === 'number' ? raw.mode : parseInt(String(raw.mode ?? '0644'), 8);
  const user = raw.user !== undefined ? String(raw.user) : raw.uid === undefined || raw.uid === 0 ? 'root' : undefined;
  const group = raw.group !== undefined ? String(raw.group) : raw.gid === undefined || raw.gid === 0 ? 'root' : undefined;
  const uid = typeof raw.uid === 'number' ? raw.uid : user === 'root' ? 0 : (idFrom(etcPasswd, user ?? '') ?? 1000);
  const gid = typeof raw.gid === 'number' ? raw.gid : group === 'root' ? 0 : (idFrom(etcGroup, group ?? '') ?? 999);
  const type = (raw.type as FileFact['type']) ?? (path.endsWith('.sock') ? 'socket' : 'file');
  return { path, exists: true, type, uid, gid, mode, user, group };
}

export function hostFactsFromExample(example: Record<string, unknown>): HostFacts {
  const facts: HostFacts = { endpoint: typeof example.endpoint === 'string' ? example.endpoint : 'unix:///var/run/docker.sock' };
  if (example.tls !== undefined) facts.tls = Boolean(example.tls);
  if (example.info !== undefined || example.version !== undefined || example.bridge !== undefined) {
    facts.engine = {
      info: (example.info as Record<string, unknown>) ?? {},
      version: (example.version as Record<string, unknown>) ?? {},
      bridge: example.bridge as Record<string, unknown> | null | undefined,
    };
  } else {
    facts.engineError = typeof example.engineError === 'string' ? example.engineError : 'the example has no engine';
  }
  const cl = example.commandLine;
  if (typeof cl === 'string') facts.daemon = { commandLine: splitCommandLine(cl) };
  else if (Array.isArray(cl)) facts.daemon = { commandLine: cl.map(String) };
  else if (cl !== undefined) throw new GateError('host example: commandLine must be a string or a list', 3);
  else facts.daemonUnknown = 'the example gives no command line';
  if (typeof example.daemonJson === 'string') facts.daemonJson = { text: example.daemonJson };
  else if (typeof example.daemonJsonError === 'string') facts.daemonJson = { error: example.daemonJsonError };
  else if (facts.daemon) facts.daemonJson = {};
  if (typeof example.etcGroup === 'string') facts.etcGroup = example.etcGroup;
  if (typeof example.etcPasswd === 'string') facts.etcPasswd = example.etcPasswd;
  if (example.files && typeof example.files === 'object') {
    facts.files = Object.entries(example.files as Record<string, Record<string, unknown>>).map(([path, raw]) =>
      fileFact(path, raw ?? {}, facts.etcPasswd, facts.etcGroup),
    );
  } else {
    facts.filesUnavailable = "the example gives no files of the engine's machine";
  }
  return facts;
}
