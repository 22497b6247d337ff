/**
 * Run the CLI the way a user does: `node cli.js ...` from a bundle built by scripts/bundle.mjs from the current
 * sources. The bundle goes to node_modules/.cache (inside the package, so it finds rules/ and schema/ as dist/
 * does), never to dist/: the committed dist/ is what __tests__/dist.test.ts compares a fresh build against.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = process.cwd();

export interface CliResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Build dist/cli.js and dist/index.js from src/ into a private folder; returns the folder. */
export function buildBundle(): string {
  const cache = join(ROOT, 'node_modules', '.cache', 'cis-docker-gate-tests');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'bundle-'));
  chmodSync(dir, 0o755); // other users run it too (the unreadable-file test runs the CLI as nobody)
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs'), dir], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`scripts/bundle.mjs failed:\n${r.stderr}${r.stdout}`);
  return dir;
}

export function removeBundle(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** `node <bundle>/cli.js ...args`, with a hard timeout so a hang fails the test instead of stalling it. */
export function runCli(bundle: string, args: string[], options: SpawnSyncOptions = {}): CliResult {
  const start = Date.now();
  const r = spawnSync(process.execPath, [join(bundle, 'cli.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
    ...options,
  });
  return { status: r.status, signal: r.signal, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), ms: Date.now() - start };
}

/** A Node.js stack trace line (`    at foo (file.js:1:2)`): never shown to a user. */
export const STACK_TRACE = /^\s+at .+:\d+:\d+\)?$/m;
