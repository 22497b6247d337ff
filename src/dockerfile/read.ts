/** Read a Dockerfile from disk with the checks a user needs to be told about: exit 2, never a stack trace. */
import { readFileSync, statSync } from 'node:fs';
import { GateError } from '../types.js';

export const MAX_DOCKERFILE_BYTES = 10 * 1024 * 1024;

export function readDockerfile(path: string): string {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new GateError(`${path}: is a directory; give the path of a Dockerfile`, 2);
    // A named pipe or a device would block the read (or never end): only regular files are Dockerfiles.
    if (!st.isFile()) throw new GateError(`${path}: is not a regular file`, 2);
    size = st.size;
  } catch (e) {
    if (e instanceof GateError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new GateError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${code ?? (e as Error).message})`, 2);
  }
  if (size > MAX_DOCKERFILE_BYTES) {
    throw new GateError(`${path}: ${size} bytes is larger than the ${MAX_DOCKERFILE_BYTES / 1024 / 1024} MiB a Dockerfile may be`, 2);
  }
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new GateError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 2);
  }
  if (buf.includes(0)) throw new GateError(`${path}: is a binary file (it contains NUL bytes), not a Dockerfile`, 2);
  const text = buf.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new GateError(`${path}: is empty; a Dockerfile needs at least a FROM line`, 2);
  return text;
}
