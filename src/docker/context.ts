/**
 * The build context as the engine receives it: a tar stream of the context directory, with `.dockerignore`
 * applied (Docker's semantics, by @balena/dockerignore; a `<Dockerfile>.dockerignore` beside the Dockerfile
 * wins, as with BuildKit). The Dockerfile and .dockerignore are always sent. Files are streamed, not buffered.
 */
import { createReadStream, existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, type Stats } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import dockerignoreModule from '@balena/dockerignore';
import tar from 'tar-stream';
import { GateError } from '../types.js';

// The package is CommonJS (`module.exports = factory`); its typings describe an ES default export.
const dockerignore = dockerignoreModule as unknown as (options?: { ignorecase?: boolean }) => ReturnType<typeof dockerignoreModule.default>;

export interface BuildContext {
  stream: Readable;
  /** The Dockerfile's name inside the context tar. */
  dockerfile: string;
  /** The patterns applied, for messages. */
  ignoreFile?: string;
}

/** The ignore rules for a build: `<Dockerfile>.dockerignore` beside the Dockerfile, else `.dockerignore` at the root. */
export function ignoreRules(contextDir: string, dockerfile: string): { test: (rel: string) => boolean; file?: string; negations: boolean } {
  const candidates = [`${dockerfile}.dockerignore`, join(contextDir, '.dockerignore')];
  const file = candidates.find((f) => existsSync(f));
  if (!file) return { test: () => false, negations: false };
  const text = readFileSync(file, 'utf8');
  const ig = dockerignore({ ignorecase: false }).add(text);
  return { test: (rel) => ig.ignores(rel), file, negations: /^\s*!/m.test(text) };
}

/** Packs the context directory (honouring .dockerignore) into a tar stream for the engine. */
export function packContext(contextDir: string, dockerfilePath: string): BuildContext {
  let st: Stats;
  try {
    st = lstatSync(contextDir);
  } catch {
    throw new GateError(`--context: ${contextDir} does not exist`, 2);
  }
  if (!st.isDirectory()) throw new GateError(`--context: ${contextDir} is not a directory`, 2);
  if (!existsSync(dockerfilePath)) throw new GateError(`the Dockerfile ${dockerfilePath} does not exist`, 2);
  const rel = relative(contextDir, dockerfilePath);
  const inside = !rel.startsWith('..') && !rel.startsWith(sep) && rel !== '';
  const dockerfileName = inside ? rel.split(sep).join('/') : `.cis-docker-gate.${basename(dockerfilePath)}`;
  const rules = ignoreRules(contextDir, dockerfilePath);
  const always = new Set([dockerfileName, '.dockerignore']);
  const pack = tar.pack();

  async function add(abs: string, name: string, s: Stats): Promise<void> {
    const header = { name, mode: s.mode & 0o7777, mtime: s.mtime, uid: 0, gid: 0 };
    if (s.isSymbolicLink()) {
      await new Promise<void>((res, rej) => pack.entry({ ...header, type: 'symlink', linkname: readlinkSync(abs) }, (e) => (e ? rej(e) : res())));
    } else if (s.isDirectory()) {
      await new Promise<void>((res, rej) => pack.entry({ ...header, type: 'directory' }, (e) => (e ? rej(e) : res())));
    } else if (s.isFile()) {
      const entry = pack.entry({ ...header, type: 'file', size: s.size });
      await pipeline(createReadStream(abs), entry as unknown as NodeJS.WritableStream);
    }
  }

  async function walk(dir: string): Promise<void> {
    for (const name of readdirSync(dir).sort()) {
      const abs = join(dir, name);
      const relName = relative(contextDir, abs).split(sep).join('/');
      const s = lstatSync(abs);
      const ignored = !always.has(relName) && rules.test(relName);
      if (s.isDirectory()) {
        if (!ignored) await add(abs, relName, s);
        if (!ignored || rules.negations) await walk(abs);
      } else if (!ignored) {
        await add(abs, relName, s);
      }
    }
  }

  (async () => {
    await walk(contextDir);
    if (!inside) {
      const text = readFileSync(dockerfilePath);
      await new Promise<void>((res, rej) => pack.entry({ name: dockerfileName, mode: 0o644, type: 'file' }, text, (e) => (e ? rej(e) : res())));
    }
    pack.finalize();
  })().catch((e: Error) => pack.destroy(e));
  return { stream: pack as unknown as Readable, dockerfile: dockerfileName, ...(rules.file ? { ignoreFile: rules.file } : {}) };
}
