/**
 * The committed bundles are reproducible: scripts/bundle.mjs run on the sources now gives every file of dist/
 * (index.js, cli.js, their chunks and the proto files) byte for byte. When this fails, dist/ is stale (or the build is not deterministic): run
 * `npm run bundle` and commit dist/.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Every file below a folder, as paths relative to it, sorted. */
function files(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(dir, join(prefix, e.name)) : [join(prefix, e.name)]))
    .sort();
}
const BUNDLES = files('dist');
let out: string;

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'cdg-dist-'));
  const r = spawnSync(process.execPath, ['scripts/bundle.mjs', out], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`scripts/bundle.mjs failed:\n${r.stderr}${r.stdout}`);
});
afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

/** Where two buffers first differ, as `line L, column C`, with both lines for context. */
function firstDifference(committed: Buffer, built: Buffer): string {
  const n = Math.min(committed.length, built.length);
  let i = 0;
  while (i < n && committed[i] === built[i]) i++;
  const before = committed.subarray(0, i).toString('utf8');
  const line = before.split('\n').length;
  const lineOf = (b: Buffer) => b.toString('utf8').split('\n')[line - 1]?.slice(0, 160) ?? '(end of file)';
  return `first difference at byte ${i} (line ${line}):\n  committed: ${lineOf(committed)}\n  rebuilt:   ${lineOf(built)}`;
}

test('dist/ holds exactly the files a fresh build writes (no stale chunk, none missing)', () => {
  expect(BUNDLES).toEqual(files(out));
});

test.each(BUNDLES)('dist/%s is what scripts/bundle.mjs builds from the sources now', (name) => {
  const committed = readFileSync(join('dist', name));
  const built = readFileSync(join(out, name));
  if (!committed.equals(built)) {
    throw new Error(
      `dist/${name} differs from a fresh build (${committed.length} bytes committed, ${built.length} rebuilt): ` +
        `run \`npm run bundle\` and commit dist/.\n${firstDifference(committed, built)}`,
    );
  }
});

test('dist/cli.js is executable, as the bin entry needs', () => {
  expect(statSync('dist/cli.js').mode & 0o111).not.toBe(0);
});
