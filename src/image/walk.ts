/**
 * Reads an image from a `docker save` stream, an OCI image layout tar, or an OCI layout directory, in one
 * streamed pass: layer tars are parsed as they go by (gunzipped when compressed), each summarised by a
 * LayerScanner, never held in memory or written to disk. Small JSON documents (manifest, index, config)
 * are kept; once the stream ends they say which layers, in which order, make the image.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { FactBudget, LayerScanner, mergeLayers, PathMatcher, type EntryHeader, type LayerSummary } from './facts.js';
import { imageLocation, readConfig, readHistory, type FileType, type ImageModel, type Layer } from './model.js';

export interface ReadOptions {
  /** Shown in messages and locations: the image reference or archive path. */
  name: string;
  /** When the archive holds several images: the tag to pick (`app:1`). */
  reference?: string;
  /** For a multi-platform OCI index: `os/arch[/variant]`; default the host's. */
  platform?: string;
  /**
   * Absolute path globs (picomatch) whose matching entries the walk records, for the `file` globs of custom image
   * rules: the model's `paths` then says which match in the final filesystem. None: `paths` is absent.
   */
  pathGlobs?: readonly string[];
}

/** The archive is not an image, or is broken: the message says what is wrong. */
export class ImageArchiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageArchiveError';
  }
}

const MAX_JSON_BYTES = 16 * 1024 * 1024;
const GZIP = [0x1f, 0x8b];
const ZSTD = [0x28, 0xb5, 0x2f, 0xfd];

function toType(t: string | null | undefined): FileType {
  switch (t) {
    case 'file':
    case 'contiguous-file':
      return 'file';
    case 'directory':
      return 'dir';
    case 'symlink':
      return 'symlink';
    case 'link':
      return 'hardlink';
    default:
      return 'other';
  }
}

const startsWith = (b: Buffer, magic: number[]) => magic.every((m, i) => b[i] === m);

/** Parses one layer tar (plain or gzip) from its chunks, the first of which is already read. */
async function scanLayer(first: Buffer, rest: AsyncIterator<Buffer>, shared: Shared, what: string): Promise<LayerSummary> {
  if (startsWith(first, ZSTD)) throw new ImageArchiveError(`${what} is zstd-compressed, which this version cannot read`);
  const scanner = new LayerScanner(shared.budget, shared.pathGlobs);
  const inner = tar.extract({ allowUnknownFormat: true } as Parameters<typeof tar.extract>[0]);
  // A truncated archive can make the parser report once more after the pipeline has settled: the pipeline's
  // promise carries the error; this listener keeps a late duplicate from crashing the process.
  inner.on('error', () => {});
  inner.on('entry', (h, s, next) => {
    s.on('error', () => {});
    const eh: EntryHeader = { name: h.name, type: toType(h.type), mode: (h.mode ?? 0) & 0o7777, uid: h.uid ?? 0, gid: h.gid ?? 0, size: h.size ?? 0 };
    const want = scanner.entry(eh);
    if (!want) {
      s.on('end', () => next());
      s.resume();
      return;
    }
    const parts: Buffer[] = [];
    let got = 0;
    s.on('data', (d) => {
      const c = d as Buffer;
      if (got < want) parts.push(got + c.length > want ? c.subarray(0, want - got) : c);
      got += c.length;
    });
    s.on('end', () => {
      try {
        scanner.content(eh, Buffer.concat(parts), got <= want);
        next();
      } catch (e) {
        next(e as Error);
      }
    });
  });
  async function* all(): AsyncGenerator<Buffer> {
    yield first;
    for (let r = await rest.next(); !r.done; r = await rest.next()) yield r.value;
  }
  const source = Readable.from(all(), { objectMode: false });
  try {
    if (startsWith(first, GZIP)) await pipeline(source, createGunzip(), inner as unknown as NodeJS.WritableStream);
    else await pipeline(source, inner as unknown as NodeJS.WritableStream);
  } catch (e) {
    if (e instanceof ImageArchiveError) throw e;
    throw new ImageArchiveError(`${what} is not a readable layer tar: ${(e as Error).message}`);
  }
  return scanner.summary;
}

async function readAll(first: Buffer | undefined, rest: AsyncIterator<Buffer>, limit: number, what: string): Promise<Buffer> {
  const parts: Buffer[] = first ? [first] : [];
  let n = first?.length ?? 0;
  for (let r = await rest.next(); !r.done; r = await rest.next()) {
    n += r.value.length;
    if (n > limit) throw new ImageArchiveError(`${what} is larger than ${limit} bytes`);
    parts.push(r.value);
  }
  return Buffer.concat(parts);
}

function parseJson(buf: Buffer, what: string): unknown {
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch (e) {
    throw new ImageArchiveError(`${what} is not valid JSON: ${(e as Error).message}`);
  }
}

const cleanName = (n: string) => posix.normalize(n.replace(/^(\.\/)+/, '')).replace(/\/$/, '');
const isMetadataJson = (n: string) => n === 'manifest.json' || n === 'index.json' || n === 'oci-layout' || n === 'repositories' || /^[0-9a-f]{64}\.json$/.test(n);

/** What the layers of one image share while they are scanned: the fact budget and the compiled path globs. */
interface Shared {
  budget: FactBudget;
  pathGlobs?: PathMatcher;
}

/** What an archive holds before it is put together: JSON documents, layer summaries, blob sizes. */
interface Parts extends Shared {
  json: Map<string, unknown>;
  layers: Map<string, LayerSummary>;
  sizes: Map<string, number>;
  links: Map<string, string>;
}

function newParts(options: ReadOptions): Parts {
  return {
    json: new Map(),
    layers: new Map(),
    sizes: new Map(),
    links: new Map(),
    budget: new FactBudget(),
    ...(options.pathGlobs?.length ? { pathGlobs: new PathMatcher(options.pathGlobs) } : {}),
  };
}

/** Reads a `docker save` or OCI layout tar stream. Throws ImageArchiveError when it is not one. */
export async function readImageTar(input: Readable, options: ReadOptions): Promise<ImageModel> {
  const parts = newParts(options);
  const extract = tar.extract();
  extract.on('error', () => {}); // see scanLayer: the pipeline's promise carries the error
  let entries = 0;
  extract.on('entry', (h, s, next) => {
    entries++;
    s.on('error', () => {}); // a truncated entry: the extract's own error ends the walk with a message
    const name = cleanName(h.name);
    const drain = () => {
      s.on('end', () => next());
      s.resume();
    };
    if (h.type === 'symlink' || h.type === 'link') {
      if (h.linkname) parts.links.set(name, h.type === 'symlink' ? posix.normalize(posix.join(posix.dirname(name), h.linkname)) : cleanName(h.linkname));
      return drain();
    }
    if (h.type !== 'file' && h.type !== 'contiguous-file') return drain();
    const isLayerTar = name.endsWith('/layer.tar') || name.endsWith('.tar') || name.endsWith('.tar.gz');
    const isBlob = name.startsWith('blobs/');
    if (!isMetadataJson(name) && !isLayerTar && !isBlob) return drain();
    parts.sizes.set(name, h.size ?? 0);
    const it = s[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    (async () => {
      if (isMetadataJson(name)) {
        parts.json.set(name, parseJson(await readAll(undefined, it, MAX_JSON_BYTES, name), name));
        return;
      }
      const r = await it.next();
      if (r.done) return;
      const first = r.value;
      const firstByte = first.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
      if (isBlob && firstByte === 0x7b && (h.size ?? 0) <= MAX_JSON_BYTES) {
        const buf = await readAll(first, it, MAX_JSON_BYTES, name);
        try {
          parts.json.set(name, JSON.parse(buf.toString('utf8')));
        } catch {
          /* a blob that starts with `{` but is not JSON: not metadata */
        }
        return;
      }
      parts.layers.set(name, await scanLayer(first, it, parts, `layer ${name}`));
    })().then(
      () => next(),
      (e: Error) => next(e),
    );
  });
  try {
    await pipeline(input, extract as unknown as NodeJS.WritableStream);
  } catch (e) {
    if (e instanceof ImageArchiveError) throw e;
    const msg = (e as Error).message;
    throw new ImageArchiveError(`not a readable image archive (${/end of data|unexpected end/i.test(msg) ? 'truncated: ' : ''}${msg})`);
  }
  if (!entries) throw new ImageArchiveError('not an image archive: it is empty');
  return assemble(parts, options, (key) => parts.json.get(key), (key) => parts.layers.get(key));
}

/** Reads an OCI image layout directory: index.json, then the chosen manifest's layers in order from blobs/. */
export async function readImageDirectory(dir: string, options: ReadOptions): Promise<ImageModel> {
  if (!existsSync(join(dir, 'index.json'))) throw new ImageArchiveError(`${dir} is a directory but not an OCI image layout (no index.json)`);
  const parts = newParts(options);
  const json = (key: string): unknown => {
    if (!parts.json.has(key)) {
      const file = join(dir, key);
      if (!existsSync(file)) return undefined;
      if (statSync(file).size > MAX_JSON_BYTES) throw new ImageArchiveError(`${key} is larger than ${MAX_JSON_BYTES} bytes`);
      parts.json.set(key, parseJson(readFileSync(file), key));
    }
    return parts.json.get(key);
  };
  const plan = resolveManifest(json, options);
  for (const key of plan.layerKeys) {
    if (parts.layers.has(key)) continue;
    const file = join(dir, key);
    if (!existsSync(file)) throw new ImageArchiveError(`${key}, a layer of the image, is missing from ${dir}`);
    parts.sizes.set(key, statSync(file).size);
    const it = createReadStream(file)[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    const r = await it.next();
    parts.layers.set(key, r.done ? emptySummary(parts) : await scanLayer(r.value, it, parts, `layer ${key}`));
  }
  return assemble(parts, options, json, (key) => parts.layers.get(key));
}

function emptySummary(shared: Shared): LayerSummary {
  return new LayerScanner(shared.budget, shared.pathGlobs).summary;
}

/** A file (docker save tar, OCI layout tar, either gzipped) or an OCI layout directory. */
export async function readImageArchive(path: string, options: ReadOptions): Promise<ImageModel> {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    throw new ImageArchiveError(`cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (st.isDirectory()) return readImageDirectory(path, options);
  const head = Buffer.alloc(2);
  const stream = createReadStream(path);
  const first = await new Promise<Buffer | undefined>((resolve, reject) => {
    stream.once('readable', () => resolve((stream.read(2) as Buffer | null) ?? undefined));
    stream.once('error', reject);
  }).catch((e: NodeJS.ErrnoException) => {
    throw new ImageArchiveError(`cannot read ${path} (${e.code ?? e.message})`);
  });
  if (!first) throw new ImageArchiveError(`${path} is empty, not an image archive`);
  first.copy(head);
  stream.unshift(first);
  return readImageTar(startsWith(head, GZIP) ? stream.pipe(createGunzip()) : stream, options);
}

interface Plan {
  config: Record<string, unknown>;
  configKey: string;
  layerKeys: string[];
  id: string;
}

const blobKey = (digest: unknown): string => {
  const m = /^([a-z0-9]+):([a-f0-9]+)$/.exec(String(digest));
  if (!m) throw new ImageArchiveError(`"${String(digest)}" is not a digest`);
  return `blobs/${m[1]}/${m[2]}`;
};

function hostPlatform(): string {
  const arch = ({ x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', s390x: 's390x', ppc64: 'ppc64le' } as Record<string, string>)[process.arch] ?? process.arch;
  return `linux/${arch}`;
}

/** Which image, which config, which layers in which order: from manifest.json (docker save) or index.json (OCI). */
function resolveManifest(json: (key: string) => unknown, options: ReadOptions): Plan {
  const docker = json('manifest.json');
  if (Array.isArray(docker) && docker.length) {
    const items = docker as { Config?: string; RepoTags?: string[] | null; Layers?: string[] }[];
    let item = items[0];
    if (items.length > 1) {
      const want = options.reference;
      const hit = want && items.find((i) => (i.RepoTags ?? []).some((t) => t === want || t === `${want}:latest` || t.endsWith(`/${want}`)));
      if (!hit) {
        const tags = items.map((i) => (i.RepoTags ?? []).join(', ') || i.Config).join('; ');
        throw new ImageArchiveError(`the archive holds ${items.length} images (${tags}): name one with --image`);
      }
      item = hit;
    }
    if (!item.Config || !Array.isArray(item.Layers)) throw new ImageArchiveError('manifest.json has no Config or Layers');
    const config = json(cleanName(item.Config));
    if (!config || typeof config !== 'object') throw new ImageArchiveError(`the image config ${item.Config} is missing from the archive`);
    const hex = /([a-f0-9]{64})(\.json)?$/.exec(item.Config)?.[1];
    return { config: config as Record<string, unknown>, configKey: item.Config, layerKeys: item.Layers.map(cleanName), id: hex ? `sha256:${hex}` : item.Config };
  }
  const index = json('index.json') as { manifests?: Record<string, unknown>[] } | undefined;
  if (!index || !Array.isArray(index.manifests)) {
    throw new ImageArchiveError('not a docker save archive or an OCI image layout: no manifest.json or index.json');
  }
  const platform = options.platform ?? hostPlatform();
  let manifests = index.manifests;
  for (let depth = 0; depth < 4; depth++) {
    const candidates = manifests.filter((m) => {
      const p = m.platform as { os?: string; architecture?: string } | undefined;
      return !p || p.os !== 'unknown';
    });
    const tagged = options.reference
      ? candidates.filter((m) => {
          const ann = (m.annotations ?? {}) as Record<string, string>;
          const name = ann['io.containerd.image.name'] ?? ann['org.opencontainers.image.ref.name'];
          return name && (name === options.reference || name.endsWith(`/${options.reference}`) || name.endsWith(`:${options.reference}`));
        })
      : [];
    const pool = tagged.length ? tagged : candidates;
    const byPlatform = pool.filter((m) => {
      const p = m.platform as { os?: string; architecture?: string; variant?: string } | undefined;
      return p && [p.os, p.architecture, p.variant].filter(Boolean).join('/').startsWith(platform);
    });
    const chosen = byPlatform[0] ?? (pool.length === 1 ? pool[0] : undefined);
    if (!chosen) throw new ImageArchiveError(`the OCI index lists ${pool.length} images and none for ${platform}: pass --platform`);
    const doc = json(blobKey(chosen.digest)) as Record<string, unknown> | undefined;
    if (!doc) throw new ImageArchiveError(`the manifest ${String(chosen.digest)} is missing from the archive`);
    if (Array.isArray(doc.manifests)) {
      manifests = doc.manifests as Record<string, unknown>[];
      continue;
    }
    const cfgDesc = doc.config as { digest?: string } | undefined;
    if (!cfgDesc?.digest || !Array.isArray(doc.layers)) throw new ImageArchiveError(`the manifest ${String(chosen.digest)} has no config or layers`);
    const config = json(blobKey(cfgDesc.digest));
    if (!config || typeof config !== 'object') throw new ImageArchiveError(`the image config ${cfgDesc.digest} is missing from the archive`);
    return {
      config: config as Record<string, unknown>,
      configKey: blobKey(cfgDesc.digest),
      layerKeys: (doc.layers as { digest?: string }[]).map((l) => blobKey(l.digest)),
      id: cfgDesc.digest,
    };
  }
  throw new ImageArchiveError('the OCI index nests too deeply');
}

function assemble(parts: Parts, options: ReadOptions, json: (key: string) => unknown, layer: (key: string) => LayerSummary | undefined): ImageModel {
  const plan = resolveManifest(json, options);
  const resolve = (key: string) => {
    for (let i = 0; i < 8 && !parts.layers.has(key) && parts.links.has(key); i++) key = parts.links.get(key)!;
    return key;
  };
  const summaries = plan.layerKeys.map((k) => {
    const s = layer(resolve(k));
    if (!s) throw new ImageArchiveError(`the layer ${k} listed in the manifest is missing from the archive`);
    return s;
  });
  const cfg = plan.config;
  const rootfs = (cfg.rootfs ?? {}) as { diff_ids?: string[] };
  const diffIds = Array.isArray(rootfs.diff_ids) ? rootfs.diff_ids : [];
  const { history, aligned } = readHistory(cfg.history, summaries.length);
  const layers: Layer[] = summaries.map((_, i) => ({
    index: i + 1,
    digest: diffIds[i] ?? plan.layerKeys[i],
    size: parts.sizes.get(resolve(plan.layerKeys[i])) ?? 0,
    origin: 'unknown',
    ...(aligned ? { history: history.findIndex((h) => h.layer === i + 1) } : {}),
  }));
  const merged = mergeLayers(summaries, parts.pathGlobs);
  return {
    name: options.name,
    id: plan.id,
    os: typeof cfg.os === 'string' ? cfg.os : '',
    architecture: typeof cfg.architecture === 'string' ? cfg.architecture : '',
    config: readConfig(cfg.config),
    history,
    layers,
    files: merged.files,
    dropped: parts.budget.dropped,
    accounts: merged.accounts,
    ...(merged.paths ? { paths: merged.paths } : {}),
    walked: true,
    provenance: {},
    fallback: imageLocation(options.name),
  };
}
