// What the benchmarks (scripts/bench*.mjs) share: the repository root, their options, bundling a piece of the
// sources the way dist/ is built, the fixture images they build once and cache in the engine, and the targets
// they print (met / MISSED; with --check a missed one sets exit code 1).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { bundleOptions } from '../bundle-options.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const args = process.argv.slice(2);
/** `--name N` as a number, else the fallback. */
export const numberOption = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  const n = i >= 0 ? Number(args[i + 1]) : NaN;
  return Number.isFinite(n) && n > 0 ? n : fallback;
};
export const CHECK = args.includes('--check');

/** Bundles `contents` (TypeScript importing ./src/...) into .bench/NAME.mjs (git-ignored); returns its path. */
export async function bundleForBench(name, contents) {
  const outfile = join(root, '.bench', `${name}.mjs`);
  mkdirSync(dirname(outfile), { recursive: true });
  await build({ ...bundleOptions, stdin: { contents, resolveDir: root, loader: 'ts', sourcefile: `${name}-entry.ts` }, outfile });
  return outfile;
}

/** bundleForBench, then imported. */
export async function importForBench(name, contents) {
  return import(pathToFileURL(await bundleForBench(name, contents)).href);
}

/** The fixture base images (scripts/fixtures.sh), then IMAGE built from these Dockerfile lines unless the engine has it. */
export function ensureImage(image, dockerfile, note = '') {
  execFileSync('bash', [join(root, 'scripts/fixtures.sh')], { stdio: 'inherit', env: { ...process.env, SKIP_DEBIAN_FIXTURE: '1' } });
  if (spawnSync('docker', ['image', 'inspect', image], { stdio: 'ignore' }).status === 0) return;
  const ctx = mkdtempSync(join(tmpdir(), 'cdg-bench-'));
  try {
    writeFileSync(join(ctx, 'Dockerfile'), [...dockerfile, ''].join('\n'));
    console.log(`bench: building ${image} (once${note ? `; ${note}` : ''})`);
    execFileSync('docker', ['build', '-q', '--network', 'none', '-t', image, ctx], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DOCKER_BUILDKIT: '0' } });
  } finally {
    rmSync(ctx, { recursive: true, force: true });
  }
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Prints each target as met or MISSED; with --check, a missed one sets exit code 1. */
export function reportTargets(targets) {
  console.log('');
  for (const [name, ok] of targets) console.log(`${ok ? 'met   ' : 'MISSED'}  ${name}`);
  if (CHECK && targets.some(([, ok]) => !ok)) process.exitCode = 1;
}
