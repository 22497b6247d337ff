/**
 * The host target's edge: everything it reads from the engine, /proc and the file system, gathered once into
 * HostFacts. Nothing after this touches the machine.
 */
import { lstatSync, readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { engineFacts, type EngineConnection } from './engine.js';
import { filePlan } from './files.js';
import { DEFAULT_DAEMON_JSON, type FileFact, type HostFacts } from './model.js';
import { findDaemonProcess } from './process.js';
import { DaemonSettings } from './settings.js';
import { parseEndpoint } from './build.js';

export interface CollectOptions {
  connection: EngineConnection;
  /**
   * The root of the engine machine's file system. Default `/` when the daemon serving a local unix socket is
   * found in /proc. Giving it (a test tree, or the host mounted into a container) asserts that the files under
   * it are the engine's.
   */
  root?: string;
  /** Where /proc is (tests). */
  proc?: string;
}

/** Most entries read under the registry certificate folder. */
const WALK_LIMIT = 2000;

function errText(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
}

function readOptional(path: string): { text?: string; error?: string } {
  try {
    return { text: readFileSync(path, 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return {};
    return { error: errText(e) };
  }
}

function typeOf(st: Stats): FileFact['type'] {
  return st.isFile() ? 'file' : st.isDirectory() ? 'directory' : st.isSocket() ? 'socket' : 'other';
}

function nameTable(text: string | undefined): Map<number, string> {
  const out = new Map<number, string>();
  for (const line of (text ?? '').split('\n')) {
    const p = line.split(':');
    if (p.length > 2 && !out.has(Number(p[2]))) out.set(Number(p[2]), p[0]);
  }
  return out;
}

export async function collectHostFacts(options: CollectOptions): Promise<HostFacts> {
  const { connection } = options;
  const facts: HostFacts = { endpoint: connection.endpoint, tls: connection.tls };
  try {
    facts.engine = await engineFacts(connection.docker);
  } catch (e) {
    facts.engineError = `no engine answered at ${connection.endpoint}: ${(e as Error).message}`;
  }

  const endpoint = parseEndpoint(connection.endpoint, connection.tls);
  let root = options.root;
  if (endpoint.scheme === 'unix') {
    const found = findDaemonProcess(endpoint.address, options.proc);
    if ('pid' in found) {
      facts.daemon = { pid: found.pid, commandLine: found.commandLine, environment: found.environment };
      root ??= '/';
    } else {
      facts.daemonUnknown = found.reason;
    }
  } else {
    facts.daemonUnknown = `the engine is reached over ${endpoint.scheme} (${endpoint.address}): its process is on another machine`;
  }
  if (root === undefined) {
    facts.filesUnavailable = `the engine's files are not judged: ${facts.daemonUnknown}`;
    return facts;
  }

  const onRoot = (p: string) => join(root!, p);
  const prelim = new DaemonSettings({ commandLine: facts.daemon?.commandLine });
  const configPath = prelim.configPath ?? DEFAULT_DAEMON_JSON;
  facts.daemonJson = { path: configPath, ...readOptional(onRoot(configPath)) };
  const etcPasswd = readOptional(onRoot('/etc/passwd')).text;
  const etcGroup = readOptional(onRoot('/etc/group')).text;
  if (etcPasswd !== undefined) facts.etcPasswd = etcPasswd;
  if (etcGroup !== undefined) facts.etcGroup = etcGroup;
  const users = nameTable(etcPasswd);
  const groups = nameTable(etcGroup);

  const settings = new DaemonSettings({ commandLine: facts.daemon?.commandLine, config: facts.daemonJson });
  const plan = filePlan(settings, endpoint.scheme === 'unix' ? endpoint.address : undefined);
  const files: FileFact[] = [];
  const seen = new Set<string>();
  const stat = (path: string, role: string): FileFact => {
    try {
      const st = statSync(onRoot(path));
      const id = `${role}:${st.dev}:${st.ino}`;
      if (seen.has(id)) return { path, exists: false }; // the same file by another path (/lib -> /usr/lib)
      seen.add(id);
      return { path, exists: true, type: typeOf(st), uid: st.uid, gid: st.gid, mode: st.mode & 0o7777, user: users.get(st.uid), group: groups.get(st.gid) };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return { path, exists: false };
      return { path, exists: true, error: errText(e) };
    }
  };
  for (const p of plan) {
    for (const path of p.paths) {
      const fact = stat(path, p.role);
      files.push(fact);
      if (p.walk && fact.exists && fact.type === 'directory') {
        const queue = [path];
        let count = 0;
        while (queue.length && count < WALK_LIMIT) {
          const dir = queue.shift()!;
          let names: string[];
          try {
            names = readdirSync(onRoot(dir)).sort();
          } catch {
            continue;
          }
          for (const name of names) {
            if (++count > WALK_LIMIT) break;
            const child = `${dir}/${name}`;
            const isLink = (() => {
              try {
                return lstatSync(onRoot(child)).isSymbolicLink();
              } catch {
                return false;
              }
            })();
            const f = stat(child, p.role);
            files.push(f);
            if (f.type === 'directory' && !isLink) queue.push(child);
          }
        }
      }
    }
  }
  facts.files = files;
  return facts;
}
