/**
 * SIGINT/SIGTERM to the gate mid-run: the CLI (the bundle, run as a user runs it) removes the sandbox container
 * and the image it built, then exits 130/143. Nothing labelled is left.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBundle, removeBundle } from '../cli/run-cli.js';
import { ensureFixtures, type Fixture } from '../runtime/fixtures.js';
import { describeWithEngine, docker } from './engine.js';
import { GATE_LABEL } from '../../src/docker/session.js';
import { RUN_LABEL } from '../../src/runtime/sandbox.js';

const d = await describeWithEngine();

let bundle: string | undefined;
let images: Record<Fixture, string>;
let work: string;

async function sandboxRunning(timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const running = await docker.listContainers({ filters: { label: [RUN_LABEL, GATE_LABEL], status: ['running'] } });
    if (running.length) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

async function interrupt(args: string[], signal: 'SIGINT' | 'SIGTERM'): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; ms: number }> {
  const child = spawn(process.execPath, [join(bundle!, 'cli.js'), 'scan', ...args], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  child.stdout.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, sig) => resolve({ code, signal: sig })));
  const started = await sandboxRunning(60_000);
  expect(started).toBe(true);
  const t0 = Date.now();
  child.kill(signal);
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const r = await exited;
  clearTimeout(killer);
  return { ...r, stderr, ms: Date.now() - t0 };
}

d('signals (engine)', () => {
  beforeAll(() => {
    images = ensureFixtures(['slow']);
    bundle = buildBundle();
    work = mkdtempSync(join(tmpdir(), 'cdg-rt-sig-'));
  }, 180_000);
  afterAll(() => {
    removeBundle(bundle);
    rmSync(work, { recursive: true, force: true });
  });
  afterEach(async () => {
    expect(await docker.listContainers({ all: true, filters: { label: [RUN_LABEL] } })).toEqual([]);
    expect(await docker.listImages({ all: true, filters: { label: ['cdg-test=runtime-signal'] } } as Parameters<typeof docker.listImages>[0])).toEqual([]);
  });

  test('SIGTERM while the sandbox waits for a healthcheck: the container is removed, exit 143', async () => {
    const r = await interrupt(['--image', images.slow, '--runtime-timeout', '60'], 'SIGTERM');
    expect(r).toMatchObject({ code: 143, signal: null });
    expect(r.stderr).toContain('cis-docker-gate: SIGTERM: removing the containers and images this run created');
    expect(r.ms).toBeLessThan(10_000);
  });

  test('SIGINT during the hardening trial of a built image: the container and the built image are removed, exit 130', async () => {
    writeFileSync(join(work, 'Dockerfile'), `FROM ${images.slow}\nLABEL cdg-test=runtime-signal\n`);
    const r = await interrupt(['--dockerfile', join(work, 'Dockerfile'), '--build', '--build-network', 'none', '--no-runtime', '--hardening-trial', '--runtime-timeout', '60'], 'SIGINT');
    expect(r).toMatchObject({ code: 130, signal: null });
    expect(r.stderr).toContain('SIGINT: removing');
  });
});
