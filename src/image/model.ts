/**
 * The image as the checks see it: its config, its history, its layers (with the Dockerfile instruction
 * that made each, when known) and the facts the layer walk collected about files. Plain data: the walk
 * (src/image/walk.ts) fills it in at the edge; the checks (src/checks/image/) only read it.
 */
import type { Location } from '../types.js';

/** The parts of the image config (OCI `config`) the rules read. Absent fields are empty, never undefined. */
export interface ImageConfig {
  /** As written in the config: `""` when unset (the engine then runs as root). */
  User: string;
  /** `NAME=value` strings, in order. */
  Env: string[];
  /** `22/tcp`, `8080/udp`, ... */
  ExposedPorts: string[];
  /** Absent when the image has no healthcheck; `Test: ["NONE"]` when disabled on purpose. */
  Healthcheck?: { Test: string[]; Interval?: number; Timeout?: number; Retries?: number; StartPeriod?: number };
  Entrypoint: string[] | null;
  Cmd: string[] | null;
  Labels: Record<string, string>;
  WorkingDir: string;
  Volumes: string[];
}

/** Where a layer (or a history entry) came from. `unknown` when no Dockerfile was matched against the history. */
export type Origin = 'base' | 'user' | 'unknown';

/** The Dockerfile instruction that produced a history entry. */
export interface InstructionRef {
  keyword: string;
  location: Location;
}

export interface HistoryEntry {
  /** 0-based position in the config's history. */
  index: number;
  createdBy: string;
  emptyLayer: boolean;
  comment?: string;
  /** The layer it produced (1-based), when not empty. */
  layer?: number;
  origin: Origin;
  instruction?: InstructionRef;
}

export interface Layer {
  /** 1-based, bottom first: "layer 3" in messages. */
  index: number;
  /** The uncompressed digest (rootfs diff_id). */
  digest: string;
  /** Bytes as stored in the archive (compressed for OCI blobs). */
  size: number;
  /** The history entry that made it, when history and layers line up. */
  history?: number;
  origin: Origin;
  instruction?: InstructionRef;
}

export type FileType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';

export type FileFactKind = 'setuid' | 'setgid' | 'world-writable' | 'credential' | 'build-leftover' | 'unsafe-path';

/** Something about one file entry of one layer that a rule may care about. */
export interface FileFact {
  kind: FileFactKind;
  /** Absolute path in the image (`/usr/bin/passwd`); for unsafe paths, the entry name as written. */
  path: string;
  /** The layer the entry is in (1-based). */
  layer: number;
  type: FileType;
  /** Permission bits including setuid/setgid/sticky (e.g. 0o4755). */
  mode: number;
  uid: number;
  gid: number;
  size: number;
  /** Set when a later layer deleted or replaced it: it is not in the final filesystem, but still in layer `layer`. */
  removedIn?: number;
  /** For credentials: what kind, and a redacted hint (never the value). */
  detail?: string;
}

/** A path in the final filesystem that matches a glob the walk was asked about (a custom image rule's `file`). */
export interface PathMatch {
  path: string;
  type: FileType;
  /** The layer whose entry is in the final filesystem (1-based): the last one that wrote it. */
  layer: number;
  /**
   * The layer that put it there (1-based): the first of the layers that wrote it one after the other, with no
   * deletion in between (`COPY tool` then `RUN chmod +x tool`: the COPY's). Equal to `layer` when only one did.
   */
  addedIn: number;
}

/**
 * What the walk found for the path globs it was given. Only the final filesystem counts: a path a later layer
 * deleted (whiteout, opaque directory, replaced parent) is not listed, though its bytes are still in its layer.
 */
export interface PathFacts {
  /** The globs every entry of every layer was matched against, as given. */
  globs: string[];
  /** Per glob: the matching paths in the final filesystem (a bounded number, see `dropped`), in layer order. */
  matches: Record<string, PathMatch[]>;
  /**
   * Per glob: how many matching entries (in any layer, deleted later or not) were not kept once the limit was
   * reached. When it is not 0, "no match in the final filesystem" is not proven.
   */
  dropped: Record<string, number>;
}

export interface PasswdEntry {
  name: string;
  /** `x` (in shadow), `empty`, `locked` (`*`, `!`...), `set` (a hash or a cleartext value). */
  password: 'x' | 'empty' | 'locked' | 'set';
  id: number;
  /** 1-based line in the file. */
  line: number;
}

/** /etc/passwd, /etc/shadow, /etc/group as they are in the final filesystem (secrets never kept). */
export interface AccountFile {
  path: string;
  layer: number;
  entries: PasswdEntry[];
}

export interface ImageModel {
  /** The image as the user named it (reference, archive path). */
  name: string;
  /** The config digest (the image id). */
  id: string;
  os: string;
  architecture: string;
  config: ImageConfig;
  history: HistoryEntry[];
  layers: Layer[];
  /** File facts from every layer, deleted ones included (with `removedIn`). */
  files: FileFact[];
  /** Per kind, how many facts were seen but not kept (the model keeps a bounded number). */
  dropped: Partial<Record<FileFactKind, number>>;
  accounts: { passwd?: AccountFile; shadow?: AccountFile; group?: AccountFile };
  /**
   * Paths matching the globs the walk was asked about (the `file` globs of the enabled custom image rules).
   * Absent when the walk was given none (or no layer was walked): a rule about a glob not in `globs` cannot decide.
   */
  paths?: PathFacts;
  /** False when no layer was walked (config-only input, e.g. an example without files). */
  walked: boolean;
  provenance: {
    /** The Dockerfile matched against the history, if any. */
    dockerfile?: string;
    /** Why layers could not be tied to Dockerfile lines, when they could not. */
    reason?: string;
  };
  /** Where a finding goes when nothing better is known: the Dockerfile's final FROM line, else the image itself. */
  fallback: Location;
}

const IMAGE_PREFIX = 'image:';

/**
 * `image:NAME`: the image target's name, the subject of its verdicts and fingerprints, and the file of a finding
 * about the image itself (no Dockerfile line).
 */
export function imageSubject(name: string): string {
  return `${IMAGE_PREFIX}${name}`;
}

/** The image name in `image:NAME` (a bare name as it is). */
export function imageNameOf(subject: string): string {
  return subject.startsWith(IMAGE_PREFIX) ? subject.slice(IMAGE_PREFIX.length) : subject;
}

/** Is this location file the image itself (`image:NAME`) rather than a file? */
export function isImageSubject(file: string): boolean {
  return file.startsWith(IMAGE_PREFIX);
}

/** The location that stands for the image itself, for findings with no Dockerfile line. */
export function imageLocation(name: string): Location {
  return { file: imageSubject(name), startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
}

/** Where findings about the image with no line of their own are shown: the Dockerfile's final FROM line, when known. */
export function imageAnchor(image: ImageModel): Location | undefined {
  return isImageSubject(image.fallback.file) ? undefined : image.fallback;
}

export function emptyConfig(): ImageConfig {
  return { User: '', Env: [], ExposedPorts: [], Entrypoint: null, Cmd: null, Labels: {}, WorkingDir: '', Volumes: [] };
}

/** Normalises the `config` object of an image config JSON (OCI or Docker) into an ImageConfig. */
export function readConfig(raw: unknown): ImageConfig {
  const c = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
  const keys = (v: unknown): string[] => (v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : Array.isArray(v) ? v.map(String) : []);
  const labels: Record<string, string> = {};
  if (c.Labels && typeof c.Labels === 'object') for (const [k, v] of Object.entries(c.Labels)) labels[k] = String(v);
  const hc = c.Healthcheck as Record<string, unknown> | undefined;
  const healthcheck =
    hc && typeof hc === 'object' && Array.isArray(hc.Test) && hc.Test.length
      ? {
          Test: strings(hc.Test),
          ...(typeof hc.Interval === 'number' ? { Interval: hc.Interval } : {}),
          ...(typeof hc.Timeout === 'number' ? { Timeout: hc.Timeout } : {}),
          ...(typeof hc.Retries === 'number' ? { Retries: hc.Retries } : {}),
          ...(typeof hc.StartPeriod === 'number' ? { StartPeriod: hc.StartPeriod } : {}),
        }
      : undefined;
  return {
    User: typeof c.User === 'string' ? c.User : '',
    Env: strings(c.Env),
    ExposedPorts: keys(c.ExposedPorts),
    ...(healthcheck ? { Healthcheck: healthcheck } : {}),
    Entrypoint: Array.isArray(c.Entrypoint) ? strings(c.Entrypoint) : null,
    Cmd: Array.isArray(c.Cmd) ? strings(c.Cmd) : null,
    Labels: labels,
    WorkingDir: typeof c.WorkingDir === 'string' ? c.WorkingDir : '',
    Volumes: keys(c.Volumes),
  };
}

/** `{created_by, empty_layer}` entries of an image config, with their layer numbers. */
export function readHistory(raw: unknown, layerCount: number): { history: HistoryEntry[]; aligned: boolean } {
  const list = Array.isArray(raw) ? raw : [];
  let layer = 0;
  const history: HistoryEntry[] = list.map((h, index) => {
    const e = (h && typeof h === 'object' ? h : {}) as Record<string, unknown>;
    const emptyLayer = e.empty_layer === true;
    const entry: HistoryEntry = { index, createdBy: typeof e.created_by === 'string' ? e.created_by : '', emptyLayer, origin: 'unknown' };
    if (typeof e.comment === 'string' && e.comment) entry.comment = e.comment;
    if (!emptyLayer) entry.layer = ++layer;
    return entry;
  });
  const aligned = layer === layerCount;
  if (!aligned) for (const h of history) delete h.layer;
  return { history, aligned };
}

/** Where a finding about a layer goes: the instruction that made it, else the fallback (final FROM line or image). */
export function layerLocation(image: ImageModel, layer: number): Location {
  return image.layers[layer - 1]?.instruction?.location ?? image.fallback;
}

/** "layer 3 (user, RUN)", "layer 1 (base image)": how a message names a layer. */
export function describeLayer(image: ImageModel, layer: number): string {
  const l = image.layers[layer - 1];
  if (!l) return `layer ${layer}`;
  if (l.origin === 'base') return `layer ${layer} (base image)`;
  if (l.instruction) return `layer ${layer} (${l.instruction.keyword} on line ${l.instruction.location.startLine})`;
  return `layer ${layer}`;
}

/** The location of the last instruction of the given keyword that the user's Dockerfile applied, else the fallback. */
export function configLocation(image: ImageModel, keyword: string, match?: (h: HistoryEntry) => boolean): Location {
  for (let i = image.history.length - 1; i >= 0; i--) {
    const h = image.history[i];
    if (h.instruction?.keyword === keyword && (!match || match(h))) return h.instruction.location;
  }
  return image.fallback;
}

/** Files of a kind in the final filesystem (not removed by a later layer). */
export function finalFiles(image: ImageModel, kind: FileFactKind): FileFact[] {
  return image.files.filter((f) => f.kind === kind && f.removedIn === undefined);
}

/** `0o4755` -> `4755`. */
export function octal(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0');
}
