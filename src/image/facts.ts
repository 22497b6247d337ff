/**
 * File facts, collected entry by entry while a layer streams past: setuid/setgid and world-writable files,
 * credential files (by name, and private keys by their content header), account files, leftover build
 * files, unsafe entry names, and the paths that match the globs the walk was given (custom image rules' `file`).
 * Each layer is summarised on its own (a `docker save` stream does not give
 * layers in order); `mergeLayers` then applies whiteouts in layer order and marks what later layers removed.
 */
import { posix } from 'node:path';
import picomatch from 'picomatch';
import { classifyCredential, credentialCandidate, PRIVATE_KEY_HEAD_BYTES } from './credentials.js';
import type { AccountFile, FileFact, FileFactKind, FileType, PasswdEntry, PathFacts, PathMatch } from './model.js';
import { PathSet } from './path-set.js';

/** What the walk knows about one tar entry of a layer. */
export interface EntryHeader {
  name: string;
  type: FileType;
  mode: number;
  uid: number;
  gid: number;
  size: number;
}

/** The most facts kept per kind for a whole image; the rest are counted (a `chmod -R 777` must not fill memory). */
export const MAX_FACTS_PER_KIND = 1000;
/** The most matching entries kept per path glob for a whole image; the rest are counted. */
export const MAX_PATH_MATCHES_PER_GLOB = 1000;
const ACCOUNT_FILES: Record<string, keyof LayerSummary['accounts']> = { '/etc/passwd': 'passwd', '/etc/shadow': 'shadow', '/etc/group': 'group' };
const MAX_ACCOUNT_BYTES = 1024 * 1024;
/** Files up to this size have their first bytes looked at for a private key header. */
const MAX_KEY_CANDIDATE_BYTES = 64 * 1024;
const BUILD_LEFTOVER_NAMES = new Set(['Dockerfile', 'Containerfile', 'docker-compose.yml', 'docker-compose.yaml', 'compose.yml', 'compose.yaml', 'docker-compose.override.yml']);

/** Fact without its layer number: a layer's summary does not know its position yet. */
export type LayerFact = Omit<FileFact, 'layer' | 'removedIn'>;

/** An entry of a layer that matches a path glob (`glob`: its index in PathMatcher.globs). */
export interface LayerPathMatch {
  glob: number;
  path: string;
  type: FileType;
}

export interface LayerSummary {
  paths: PathSet;
  whiteouts: Set<string>;
  opaques: Set<string>;
  facts: LayerFact[];
  matches: LayerPathMatch[];
  accounts: { passwd?: Omit<AccountFile, 'layer'>; shadow?: Omit<AccountFile, 'layer'>; group?: Omit<AccountFile, 'layer'> };
  entries: number;
}

/**
 * The path globs the walk records matching entries for, compiled once (picomatch, dotfiles included) and matched
 * against the normalised absolute path of each entry (`/usr/local/bin/tool`). The literal directory a glob starts
 * from is not a match of it (picomatch matches `/usr/local/bin/**` on `/usr/local/bin` itself; the rule is about
 * what is in it). Keeps at most `limit` entries per glob for the whole image and counts the rest, so a glob such as
 * `/usr/**` cannot fill memory.
 */
export class PathMatcher {
  readonly globs: string[];
  /** Per glob (same order): matching entries not kept. */
  readonly dropped: number[];
  private readonly tests: ((path: string) => boolean)[];
  private readonly kept: number[];

  constructor(
    globs: readonly string[],
    private readonly limit = MAX_PATH_MATCHES_PER_GLOB,
  ) {
    this.globs = [...new Set(globs)];
    this.tests = this.globs.map((g) => {
      const test = picomatch(g, { dot: true });
      const { base, isGlob } = picomatch.scan(g);
      return isGlob ? (p: string) => p !== base && test(p) : test;
    });
    this.kept = this.globs.map(() => 0);
    this.dropped = this.globs.map(() => 0);
  }

  /** The indexes of the globs the path matches that still have room (the others count it as dropped). */
  match(path: string): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.tests.length; i++) {
      if (!this.tests[i](path)) continue;
      if (this.kept[i] >= this.limit) this.dropped[i]++;
      else {
        this.kept[i]++;
        out.push(i);
      }
    }
    return out;
  }
}

/**
 * `etc/passwd`, `./etc/passwd`, `etc/passwd/` -> `/etc/passwd`. `unsafe` when the name is absolute or has a `..`
 * (a well-formed layer has neither); `path` is undefined when the name climbs out of the root.
 */
export function normalizeEntryName(name: string): { path?: string; unsafe: boolean } {
  const raw = name;
  const unsafe = raw.startsWith('/') || raw.split('/').includes('..');
  if (unsafe && posix.normalize(raw.replace(/^\/+/, '')).startsWith('..')) return { unsafe };
  const p = posix.normalize('/' + raw);
  return { path: p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p, unsafe };
}

export class LayerScanner {
  readonly summary: LayerSummary = { paths: new PathSet(), whiteouts: new Set(), opaques: new Set(), facts: [], matches: [], accounts: {}, entries: 0 };
  private gitDirs = new Set<string>();

  /** `pathGlobs`: the globs to record matching entries for (shared by the layers of one image, for its budget). */
  constructor(
    private readonly budget: FactBudget,
    private readonly pathGlobs?: PathMatcher,
  ) {}

  /**
   * Records an entry and says how many leading content bytes the scanner wants to see (0: none).
   * The walk then calls `content` with up to that many bytes.
   */
  entry(h: EntryHeader): number {
    this.summary.entries++;
    const { path, unsafe } = normalizeEntryName(h.name);
    if (unsafe) this.fact({ kind: 'unsafe-path', path: h.name, type: h.type, mode: h.mode, uid: h.uid, gid: h.gid, size: h.size, detail: path ? 'absolute or with ..' : 'outside the image root' });
    if (path === undefined || path === '/') return 0;
    const base = posix.basename(path);
    if (base.startsWith('.wh.')) {
      const dir = posix.dirname(path);
      if (base === '.wh..wh..opq') this.summary.opaques.add(dir);
      else if (!base.startsWith('.wh..wh.')) this.summary.whiteouts.add(posix.join(dir, base.slice(4)));
      return 0;
    }
    this.summary.paths.add(path, h.type === 'dir');
    if (this.pathGlobs) for (const glob of this.pathGlobs.match(path)) this.summary.matches.push({ glob, path, type: h.type });
    const fact = (kind: FileFactKind, detail?: string) =>
      this.fact({ kind, path, type: h.type, mode: h.mode, uid: h.uid, gid: h.gid, size: h.size, ...(detail ? { detail } : {}) });

    if (h.type === 'file' || h.type === 'hardlink') {
      if (h.mode & 0o4000) fact('setuid');
      if (h.mode & 0o2000) fact('setgid');
    }
    if ((h.type === 'file' || h.type === 'dir') && h.mode & 0o002) fact('world-writable');
    this.buildLeftover(path, h, base);
    if (h.type !== 'file') return 0;
    if (ACCOUNT_FILES[path]) return MAX_ACCOUNT_BYTES;
    if (credentialCandidate(path)) return MAX_KEY_CANDIDATE_BYTES;
    return h.size > 0 && h.size <= MAX_KEY_CANDIDATE_BYTES ? PRIVATE_KEY_HEAD_BYTES : 0;
  }

  /** The first bytes of an entry's content (all of it when `complete`). */
  content(h: EntryHeader, head: Buffer, complete: boolean): void {
    const { path } = normalizeEntryName(h.name);
    if (path === undefined) return;
    const account = ACCOUNT_FILES[path];
    if (account) {
      if (complete) this.summary.accounts[account] = { path, entries: parseAccountFile(account, head.toString('utf8')) };
      return;
    }
    const found = classifyCredential(path, head);
    if (found) this.fact({ kind: 'credential', path, type: h.type, mode: h.mode, uid: h.uid, gid: h.gid, size: h.size, detail: found });
  }

  private buildLeftover(path: string, h: EntryHeader, base: string): void {
    const git = path.indexOf('/.git/');
    if (git >= 0 || (base === '.git' && h.type === 'dir')) {
      const dir = git >= 0 ? path.slice(0, git + 5) : path;
      if (!this.gitDirs.has(dir)) {
        this.gitDirs.add(dir);
        this.fact({ kind: 'build-leftover', path: dir, type: 'dir', mode: h.mode, uid: h.uid, gid: h.gid, size: 0, detail: 'a .git directory' });
      }
      return;
    }
    if (h.type === 'file' && (BUILD_LEFTOVER_NAMES.has(base) || /^Dockerfile\.[\w.-]+$|^[\w.-]+\.Dockerfile$/.test(base))) {
      this.fact({ kind: 'build-leftover', path, type: h.type, mode: h.mode, uid: h.uid, gid: h.gid, size: h.size, detail: base });
    }
  }

  private fact(f: LayerFact): void {
    if (this.budget.take(f.kind)) this.summary.facts.push(f);
  }
}

/** Counts facts per kind across an image and refuses past the limit. */
export class FactBudget {
  readonly dropped: Partial<Record<FileFactKind, number>> = {};
  private used: Partial<Record<FileFactKind, number>> = {};
  constructor(private readonly limit = MAX_FACTS_PER_KIND) {}
  take(kind: FileFactKind): boolean {
    const n = this.used[kind] ?? 0;
    if (n >= this.limit) {
      this.dropped[kind] = (this.dropped[kind] ?? 0) + 1;
      return false;
    }
    this.used[kind] = n + 1;
    return true;
  }
}

/** Lines of passwd/shadow/group, keeping only what the rules need (never a password hash). */
export function parseAccountFile(kind: 'passwd' | 'shadow' | 'group', text: string): PasswdEntry[] {
  const out: PasswdEntry[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim() || line.startsWith('#')) return;
    const f = line.split(':');
    const pw = f[1] ?? '';
    const password: PasswdEntry['password'] = pw === '' ? 'empty' : pw === 'x' ? 'x' : /^[!*]/.test(pw) ? 'locked' : 'set';
    const id = kind === 'shadow' ? -1 : Number.parseInt(f[2] ?? '', 10);
    out.push({ name: f[0], password, id: Number.isFinite(id) ? id : -1, line: i + 1 });
  });
  return out;
}

export interface MergedFacts {
  files: FileFact[];
  accounts: { passwd?: AccountFile; shadow?: AccountFile; group?: AccountFile };
  /** Set when the layers were scanned with path globs. */
  paths?: PathFacts;
}

function ancestors(path: string): string[] {
  const out: string[] = [];
  for (let d = posix.dirname(path); d !== '/' && d !== '.'; d = posix.dirname(d)) out.push(d);
  return out;
}

/** The first layer after `from` (1-based, in `layers` order) that deletes or replaces `path`, if any. */
function removedBy(path: string, from: number, layers: LayerSummary[]): number | undefined {
  const ups = ancestors(path);
  for (let j = from; j < layers.length; j++) {
    const l = layers[j];
    if (l.paths.get(path) !== undefined || l.whiteouts.has(path)) return j + 1;
    for (const a of ups) if (l.whiteouts.has(a) || l.opaques.has(a) || l.paths.get(a) === 'other') return j + 1;
  }
  return undefined;
}

/** Does this layer delete `path` (a whiteout of it or of a parent, or an opaque parent)? */
function deletes(layer: LayerSummary, path: string): boolean {
  return layer.whiteouts.has(path) || ancestors(path).some((a) => layer.whiteouts.has(a) || layer.opaques.has(a));
}

/**
 * The path glob matches that are in the final filesystem. An entry a later layer deletes or replaces is not; one
 * that a later layer writes again without deleting it first (`RUN chmod +x` after `COPY`) keeps the layer that
 * first added it as `addedIn`, so the finding goes on the line that brought the file in.
 */
function mergePaths(layers: LayerSummary[], matcher: PathMatcher): PathFacts {
  const matches: Record<string, PathMatch[]> = {};
  const dropped: Record<string, number> = {};
  matcher.globs.forEach((g, i) => {
    matches[g] = [];
    dropped[g] = matcher.dropped[i];
  });
  /** Per glob and path: the layer that added it and the one that replaced or deleted it. */
  const open = new Map<string, { addedIn: number; removedIn: number }>();
  const final = new Set<string>();
  layers.forEach((l, i) => {
    const layer = i + 1;
    for (const m of l.matches) {
      const key = `${m.glob}\0${m.path}`;
      const prev = open.get(key);
      const addedIn = prev && prev.removedIn === layer && !deletes(l, m.path) ? prev.addedIn : layer;
      const removedIn = removedBy(m.path, layer, layers);
      if (removedIn !== undefined) {
        open.set(key, { addedIn, removedIn });
        continue;
      }
      if (final.has(key)) continue; // the same path twice in one layer
      final.add(key);
      matches[matcher.globs[m.glob]].push({ path: m.path, type: m.type, layer, addedIn });
    }
  });
  return { globs: matcher.globs, matches, dropped };
}

/** Puts layer summaries (bottom first) together: facts get their layer and, when removed later, `removedIn`. */
export function mergeLayers(layers: LayerSummary[], pathGlobs?: PathMatcher): MergedFacts {
  const files: FileFact[] = [];
  const accounts: MergedFacts['accounts'] = {};
  layers.forEach((l, i) => {
    for (const f of l.facts) {
      const removedIn = f.kind === 'unsafe-path' ? undefined : removedBy(f.path, i + 1, layers);
      files.push({ ...f, layer: i + 1, ...(removedIn ? { removedIn } : {}) });
    }
    for (const [k, a] of Object.entries(l.accounts) as [keyof MergedFacts['accounts'], Omit<AccountFile, 'layer'>][]) {
      if (removedBy(a.path, i + 1, layers) === undefined) accounts[k] = { ...a, layer: i + 1 };
    }
  });
  return { files, accounts, ...(pathGlobs ? { paths: mergePaths(layers, pathGlobs) } : {}) };
}
