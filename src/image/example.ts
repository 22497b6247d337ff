/**
 * The compact image form the rule examples use (rules/image/*.yml `image:`), turned into an ImageModel by the
 * same scanner and merge the layer walk uses:
 *
 *   image:
 *     config: { User: "0:0", ExposedPorts: ["22/tcp"], Env: ["A=b"], Healthcheck: { Test: [NONE] } }
 *     history:                       # created_by lines, oldest first; RUN/COPY/ADD (and unknown) make a layer
 *       - ADD file:0a1b in /
 *       - RUN /bin/sh -c chmod u+s /usr/bin/tool # buildkit
 *       - { created_by: "USER app", empty_layer: true }
 *     files:                         # entries of layers (1-based, counting layer-making history entries)
 *       - { layer: 2, path: /usr/bin/tool, mode: "4755" }
 *       - { layer: 2, path: /root/.ssh/id_rsa, content: "-----BEGIN OPENSSH PRIVATE KEY-----" }
 *       - { layer: 3, path: /root/.ssh/id_rsa, delete: true }   # a whiteout
 *       - { layer: 3, path: /opt, opaque: true }                # an opaque directory
 *       - { layer: 3, name: ../../etc/x }                        # a raw tar entry name
 *     dockerfile: |                  # optional: provenance (findings on its lines)
 *       FROM debian:12
 *       ...
 */
import { parseDockerfile } from '../dockerfile/parse.js';
import { historyKeyword } from './history.js';
import { FactBudget, LayerScanner, mergeLayers, PathMatcher, type EntryHeader } from './facts.js';
import { imageLocation, readConfig, readHistory, type FileType, type ImageModel, type Layer } from './model.js';
import { withProvenance } from './provenance.js';

interface ExampleFile {
  layer?: number;
  path: string;
  /** The tar entry name as written, when it must not be normalised (`../etc/x`, `/abs`). */
  name?: string;
  mode?: string | number;
  type?: FileType;
  uid?: number;
  gid?: number;
  content?: string;
  size?: number;
  delete?: boolean;
  opaque?: boolean;
}

const EMPTY_LAYER_KEYWORDS = new Set(['ENV', 'ARG', 'USER', 'LABEL', 'EXPOSE', 'HEALTHCHECK', 'CMD', 'ENTRYPOINT', 'VOLUME', 'STOPSIGNAL', 'SHELL', 'ONBUILD', 'MAINTAINER', 'WORKDIR']);

function exampleError(message: string): never {
  throw new Error(`image example: ${message}`);
}

/**
 * `pathGlobs`: the globs to record matching paths for, as the walk does for the custom image rules of a scan
 * (the example harness passes those of the rules it runs). The model has `paths` only when the example has
 * `files` (its filesystem) and globs are given.
 */
export function imageFromExample(example: Record<string, unknown>, name = 'example', pathGlobs?: readonly string[]): ImageModel {
  const rawHistory = (example.history ?? []) as unknown[];
  if (!Array.isArray(rawHistory)) exampleError('history must be a list');
  const history = rawHistory.map((h) => {
    if (typeof h === 'string') return { created_by: h, empty_layer: EMPTY_LAYER_KEYWORDS.has(historyKeyword(h)) };
    if (h && typeof h === 'object') return h;
    return exampleError(`history entry ${JSON.stringify(h)} is neither a string nor an object`);
  });
  const files = (example.files ?? []) as ExampleFile[];
  if (!Array.isArray(files)) exampleError('files must be a list');
  let layerCount = history.filter((h) => !(h as { empty_layer?: boolean }).empty_layer).length;
  const maxLayer = Math.max(0, ...files.map((f) => f.layer ?? 1));
  if (!history.length) layerCount = maxLayer;
  if (maxLayer > layerCount) exampleError(`a file is in layer ${maxLayer}, but the history makes ${layerCount} layers`);

  const budget = new FactBudget();
  const walked = 'files' in example;
  const matcher = walked && pathGlobs?.length ? new PathMatcher(pathGlobs) : undefined;
  const scanners = Array.from({ length: layerCount }, () => new LayerScanner(budget, matcher));
  for (const f of files) {
    const scanner = scanners[(f.layer ?? 1) - 1];
    if (!f.path && !f.name) exampleError(`a file needs a path: ${JSON.stringify(f)}`);
    const rel = (f.path ?? '').replace(/^\/+/, '');
    if (f.delete || f.opaque) {
      const dir = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/') + 1) : '';
      const base = rel.slice(rel.lastIndexOf('/') + 1);
      scanner.entry({ name: f.opaque ? `${rel}/.wh..wh..opq` : `${dir}.wh.${base}`, type: 'file', mode: 0o644, uid: 0, gid: 0, size: 0 });
      continue;
    }
    const content = Buffer.from(f.content ?? '', 'utf8');
    const type: FileType = f.type ?? 'file';
    const mode = typeof f.mode === 'string' ? Number.parseInt(f.mode, 8) : (f.mode ?? (type === 'dir' ? 0o755 : 0o644));
    const header: EntryHeader = { name: f.name ?? rel, type, mode, uid: f.uid ?? 0, gid: f.gid ?? 0, size: f.size ?? content.length };
    const want = scanner.entry(header);
    if (want > 0) scanner.content(header, content.subarray(0, want), content.length <= want);
  }
  const merged = mergeLayers(scanners.map((s) => s.summary), matcher);
  const { history: entries, aligned } = readHistory(history, layerCount);
  const layers: Layer[] = scanners.map((_, i) => ({
    index: i + 1,
    digest: `sha256:${String(i + 1).padStart(64, '0')}`,
    size: 0,
    origin: 'unknown',
    ...(aligned ? { history: entries.findIndex((h) => h.layer === i + 1) } : {}),
  }));
  const image: ImageModel = {
    name,
    id: 'sha256:' + '0'.repeat(64),
    os: 'linux',
    architecture: 'amd64',
    config: readConfig(example.config ?? {}),
    history: entries,
    layers,
    files: merged.files,
    dropped: budget.dropped,
    accounts: merged.accounts,
    ...(merged.paths ? { paths: merged.paths } : {}),
    walked,
    provenance: {},
    fallback: imageLocation(name),
  };
  const dockerfile = typeof example.dockerfile === 'string' ? parseDockerfile(example.dockerfile, 'Dockerfile') : undefined;
  return withProvenance(image, dockerfile);
}
