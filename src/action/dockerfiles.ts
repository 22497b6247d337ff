/**
 * The dockerfile input: one path, several lines, or globs (picomatch syntax, relative to the workspace;
 * a line starting with `!` excludes). node_modules and .git are never searched.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { GateError } from '../types.js';

const SKIP_DIRS = new Set(['node_modules', '.git']);
/** A guard against walking a huge tree by accident (a glob at the root of a monorepo with vendored trees). */
export const MAX_WALK_ENTRIES = 200_000;

/** Absolute paths of the Dockerfiles the lines name, in input order, globs sorted, without duplicates. */
export function expandDockerfiles(lines: string[], workspace: string, input = 'dockerfile'): string[] {
  const includes = lines.map((l) => l.trim()).filter((l) => l && !l.startsWith('#') && !l.startsWith('!'));
  const excludes = lines
    .map((l) => l.trim())
    .filter((l) => l.startsWith('!'))
    .map((l) => picomatch(normalize(l.slice(1)), { dot: true }));
  const excluded = (abs: string) => excludes.some((m) => m(toPosix(relative(workspace, abs))));
  let files: string[] | undefined;
  const list = () => (files ??= walk(workspace, input));
  const out: string[] = [];
  for (const line of includes) {
    const pattern = normalize(isAbsolute(line) ? relative(workspace, line) : line);
    if (picomatch.scan(pattern).isGlob) {
      const match = picomatch(pattern, { dot: true });
      const hits = list().filter((rel) => match(rel));
      if (!hits.length) throw new GateError(`input ${input}: the glob "${line}" matches no file in ${workspace}`, 2);
      for (const rel of hits) out.push(join(workspace, rel));
    } else {
      const abs = resolve(workspace, line);
      if (!existsSync(abs)) throw new GateError(`input ${input}: "${line}" does not exist in ${workspace}`, 2);
      if (statSync(abs).isDirectory()) {
        const inDir = join(abs, 'Dockerfile');
        if (!existsSync(inDir)) throw new GateError(`input ${input}: "${line}" is a directory without a Dockerfile; give the file's path`, 2);
        out.push(inDir);
      } else {
        out.push(abs);
      }
    }
  }
  const result = [...new Set(out)].filter((f) => !excluded(f));
  if (includes.length && !result.length) throw new GateError(`input ${input}: every file it names is excluded by a "!" line`, 2);
  return result;
}

function normalize(p: string): string {
  return toPosix(p).replace(/^\.\//, '');
}

function toPosix(p: string): string {
  return p.split(sep).join('/').replace(/\\/g, '/');
}

/** Workspace-relative POSIX paths of every file, sorted. */
function walk(root: string, input: string): string[] {
  const out: string[] = [];
  let seen = 0;
  const visit = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (++seen > MAX_WALK_ENTRIES) throw new GateError(`input ${input}: a glob would search more than ${MAX_WALK_ENTRIES} entries under ${root}; make it narrower`, 2);
      const abs = join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) visit(abs);
      } else if (e.isFile()) {
        out.push(toPosix(relative(root, abs)));
      }
    }
  };
  visit(root);
  return out;
}

/** A path as the report should show it: relative to the working directory when inside it. */
export function displayPath(abs: string, cwd = process.cwd()): string {
  const rel = relative(cwd, abs);
  return !rel || rel.startsWith('..') || isAbsolute(rel) ? abs : toPosix(rel);
}
