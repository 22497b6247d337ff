/** Test helpers: image archives (docker save and OCI layout) generated in memory with tar-stream. */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';

export interface TestEntry {
  name: string;
  type?: 'file' | 'directory' | 'symlink' | 'link';
  mode?: number;
  content?: string | Buffer;
  linkname?: string;
  uid?: number;
  gid?: number;
}

/** One layer tar, in memory. */
export async function layerTar(entries: TestEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    pack.on('data', (c) => chunks.push(c as Buffer));
    pack.on('end', () => resolve());
    pack.on('error', reject);
  });
  for (const e of entries) {
    const type = e.type ?? 'file';
    const body = type === 'file' ? Buffer.from(e.content ?? '') : undefined;
    const header = { name: e.name, type, mode: e.mode ?? (type === 'directory' ? 0o755 : 0o644), uid: e.uid ?? 0, gid: e.gid ?? 0, ...(e.linkname ? { linkname: e.linkname } : {}) };
    if (body) pack.entry(header, body);
    else pack.entry(header);
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

export const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

export interface TestImage {
  layers: Buffer[];
  config?: Record<string, unknown>;
  history?: { created_by: string; empty_layer?: boolean }[];
}

function configFor(img: TestImage): Record<string, unknown> {
  return {
    architecture: 'amd64',
    os: 'linux',
    config: img.config ?? {},
    rootfs: { type: 'layers', diff_ids: img.layers.map((l) => `sha256:${sha256(l)}`) },
    history: img.history ?? img.layers.map((_, i) => ({ created_by: `RUN /bin/sh -c step${i} # buildkit` })),
  };
}

/** A `docker save` (legacy format) tarball: layer dirs first (in a scrambled order, as Docker writes them), manifest last. */
export async function dockerSaveTar(img: TestImage, tag = 'test/image:1'): Promise<Buffer> {
  const config = Buffer.from(JSON.stringify(configFor(img)));
  const configName = `${sha256(config)}.json`;
  const dirs = img.layers.map((l, i) => `${sha256(Buffer.concat([l, Buffer.from(String(i))]))}`);
  const order = dirs.map((d, i) => [d, i] as const).sort((a, b) => a[0].localeCompare(b[0]));
  const entries: TestEntry[] = [];
  for (const [dir, i] of order) {
    entries.push({ name: `${dir}/`, type: 'directory' }, { name: `${dir}/VERSION`, content: '1.0' }, { name: `${dir}/json`, content: '{}' }, { name: `${dir}/layer.tar`, content: img.layers[i] });
  }
  entries.push({ name: configName, content: config });
  entries.push({ name: 'manifest.json', content: JSON.stringify([{ Config: configName, RepoTags: [tag], Layers: dirs.map((d) => `${d}/layer.tar`) }]) });
  return layerTar(entries);
}

/** An OCI image layout in a directory (gzip layers) or as a tar; returns the directory or the tar bytes. */
export function ociLayoutFiles(img: TestImage, gzip = true): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const blob = (b: Buffer) => {
    const d = sha256(b);
    files.set(`blobs/sha256/${d}`, b);
    return { digest: `sha256:${d}`, size: b.length };
  };
  const layers = img.layers.map((l) => ({ mediaType: gzip ? 'application/vnd.oci.image.layer.v1.tar+gzip' : 'application/vnd.oci.image.layer.v1.tar', ...blob(gzip ? gzipSync(l) : l) }));
  const config = { mediaType: 'application/vnd.oci.image.config.v1+json', ...blob(Buffer.from(JSON.stringify(configFor(img)))) };
  const manifest = blob(Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config, layers })));
  files.set('oci-layout', Buffer.from('{"imageLayoutVersion":"1.0.0"}'));
  files.set('index.json', Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest, platform: { os: 'linux', architecture: 'amd64' } }] })));
  return files;
}

export function writeOciDir(dir: string, files: Map<string, Buffer>): void {
  for (const [name, body] of files) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), body);
  }
}

export async function ociTar(files: Map<string, Buffer>): Promise<Buffer> {
  return layerTar([...files].map(([name, content]) => ({ name, content })));
}

export const stream = (b: Buffer) => Readable.from([b]);
