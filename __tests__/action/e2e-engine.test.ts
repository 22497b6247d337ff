/**
 * End to end against the real engine: the bundled Action builds the image from the workspace's Dockerfile, checks
 * the image, runs it once in the sandbox and judges the declared compose service, as a user's workflow step would.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithEngine, labelledLeftovers } from '../integration/engine.js';
import { multitoolProblems } from '../report/sarif-validate.js';
import { commands, runAction, type Workspace } from './runner.js';

const DOCKERFILE = [
  'FROM cdg-fixture/busybox:1',
  `ENV API_TOKEN=ghp_${'x1Y2z3'.repeat(6)}`,
  'EXPOSE 8080',
  'CMD ["/bin/busybox", "sleep", "60"]',
  '',
].join('\n');
const COMPOSE = ['services:', '  app:', '    image: app', '    privileged: true', '    read_only: true', ''].join('\n');

const describeEngine = await describeWithEngine();

describeEngine('the Action with build, runtime and a compose profile (real engine)', () => {
  let ws: Workspace;
  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), 'cdg-e2e-engine-'));
    writeFileSync(join(dir, 'Dockerfile'), DOCKERFILE);
    writeFileSync(join(dir, 'compose.yml'), COMPOSE);
    ws = { dir, base: 'HEAD~1', head: 'HEAD' };
  });
  afterAll(() => rmSync(ws.dir, { recursive: true, force: true }));

  test('image and runtime findings are annotated on the lines that caused them; nothing is left behind', async () => {
    const r = await runAction(ws, { dockerfile: 'Dockerfile', build: 'true', 'compose-file': 'compose.yml', service: 'app', 'runtime-timeout': '20' }, { event: 'push' });
    expect(r.code).toBe(1);
    const annotated = commands(r.stdout, 'error')
      .filter((e) => e.file)
      .map((e) => `${e.file}:${e.line} ${e.title}`);
    // The token in ENV, found in the built image's config, is annotated on the Dockerfile line that set it.
    expect(annotated).toContain('Dockerfile:2 CIS 4.10 · image/secrets-in-config');
    // The declared profile is judged on its own line; the sandbox never granted it.
    expect(annotated).toContain('compose.yml:4 CIS 5.5 · runtime/privileged');
    // The running container's PID 1 is root: a runtime finding, placed on the final FROM line.
    expect(annotated.some((a) => a.startsWith('Dockerfile:1 ') && a.endsWith('runtime/root-process'))).toBe(true);
    // The secret value is never printed.
    expect(r.stdout + r.stderr).not.toContain('x1Y2z3x1Y2z3');

    const report = JSON.parse(readFileSync(r.outputs['json-file'], 'utf8'));
    expect(new Set(report.targets.map((t: { kind: string }) => t.kind))).toEqual(new Set(['dockerfile', 'image', 'runtime']));
    expect(report.withheld.map((w: { setting: string }) => w.setting).join('\n')).toMatch(/privileged/);
    expect(r.summary).toMatch(/privileged/);
    expect(r.outputs.passed).toBe('false');
    expect(await multitoolProblems(r.outputs['sarif-file'])).toEqual([]);
    expect(await labelledLeftovers()).toEqual([]);
  });
});
