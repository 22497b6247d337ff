/**
 * Many targets: globs expand to every Dockerfile of a monorepo; a combined scan runs them with bounded concurrency
 * into one report; a matrix of `--only` scans merged gives exactly the combined report.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../../src/catalog/catalog.js';
import type { Config } from '../../src/config/config.js';
import { locatePolicyFile, resolvePolicy } from '../../src/config/resolve.js';
import { scan } from '../../src/gate/scan.js';
import { githubMatrix, pool, selectTargets, slug } from '../../src/gate/targets.js';
import { renderJson } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { mergeReports } from '../../src/report/merge.js';
import type { Report } from '../../src/report/report.js';
import { buildSarif } from '../../src/report/sarif.js';
import { GateError } from '../../src/types.js';
import { validator } from '../../src/catalog/validate.js';

let dir: string;
let prev: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cdg-targets-'));
  const files: Record<string, string> = {
    'services/api/Dockerfile': 'FROM node:20\nRUN apt-get update && apt-get install -y curl\nUSER root\n',
    'services/web/Dockerfile': 'FROM nginx:latest\nADD site.tar.gz /usr/share/nginx/html/\nUSER 101\n',
    'services/web/node_modules/x/Dockerfile': 'FROM scratch\n', // never searched
    'tools/builder.Dockerfile': 'FROM debian:12\nRUN curl -k https://example.com/i.sh | sh\n',
    '.cis-docker-gate.yml': [
      'fail-on: high',
      'concurrency: 2',
      'targets:',
      '  - name: svc',
      '    dockerfile: "services/*/Dockerfile"',
      '  - name: tools',
      '    dockerfile: tools/builder.Dockerfile',
      'waivers:',
      '  - rule: DL3002',
      '    scope: services/api/Dockerfile',
      '    reason: root until the migration',
      '    expires: 2099-01-01',
      '    owner: "@api"',
      '  - rule: dockerfile/add-local',
      '    scope: services/web/Dockerfile:2',
      '    reason: the site tarball is built in CI',
      '    expires: 2099-01-01',
      '  - rule: dockerfile/setuid-chmod',
      '    scope: "*"',
      '    reason: nothing does this any more',
      '    expires: 2099-01-01',
      '',
    ].join('\n'),
  };
  for (const [f, t] of Object.entries(files)) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), t);
  }
  prev = process.cwd();
  process.chdir(dir);
});
afterAll(() => {
  process.chdir(prev);
  rmSync(dir, { recursive: true, force: true });
});

const base = (over: Partial<Config> = {}): Config => ({ dockerfiles: [], buildArgs: {}, failOn: 'high', profile: 'cis-level-1', ruleOptions: {}, disabled: [], ...over });
const config = (over: Partial<Config> = {}) => resolvePolicy(base(over), locatePolicyFile(base(over)));
const viaJson = (r: Report): Report => JSON.parse(renderJson(r));

test('plan: globs expand to every Dockerfile (node_modules never searched); the matrix names each target', () => {
  const c = config();
  expect(c.policy!.targets.map((t) => `${t.name} -> ${t.dockerfile}`)).toEqual([
    'svc:services/api/Dockerfile -> services/api/Dockerfile',
    'svc:services/web/Dockerfile -> services/web/Dockerfile',
    'tools -> tools/builder.Dockerfile',
  ]);
  expect(githubMatrix(c.policy!.targets)).toEqual({
    include: [
      { target: 'svc:services/api/Dockerfile', slug: 'svc-services-api-Dockerfile', kind: 'dockerfile', dockerfile: 'services/api/Dockerfile' },
      { target: 'svc:services/web/Dockerfile', slug: 'svc-services-web-Dockerfile', kind: 'dockerfile', dockerfile: 'services/web/Dockerfile' },
      { target: 'tools', slug: 'tools', kind: 'dockerfile', dockerfile: 'tools/builder.Dockerfile' },
    ],
  });
  expect(selectTargets(c.policy!.targets, 'svc').map((t) => t.name)).toEqual(['svc:services/api/Dockerfile', 'svc:services/web/Dockerfile']);
  expect(() => selectTargets(c.policy!.targets, 'nope')).toThrow(
    new GateError('--only: "nope" is not a target of the policy file (targets: svc, svc:services/api/Dockerfile, svc:services/web/Dockerfile, tools)', 2),
  );
  expect(slug('a b/c:d')).toBe('a-b-c-d');
});

test('a combined scan: one report, every target, per-target sections, one SARIF run', async () => {
  const report = await scan(config(), () => {});
  expect(report.targets.map((t) => `${t.policyTarget} ${t.name}`)).toEqual([
    'svc:services/api/Dockerfile services/api/Dockerfile',
    'svc:services/web/Dockerfile services/web/Dockerfile',
    'tools tools/builder.Dockerfile',
  ]);
  expect(new Set(report.findings.map((f) => f.location.file))).toEqual(new Set(['services/api/Dockerfile', 'services/web/Dockerfile', 'tools/builder.Dockerfile']));
  expect(report.config!.waivers!.map((w) => `${w.where} ${w.status} ${w.matched}`)).toEqual([
    '.cis-docker-gate.yml:9 applied 1',
    '.cis-docker-gate.yml:14 applied 1',
    '.cis-docker-gate.yml:18 stale 0',
  ]);
  const validate = validator('report.schema.json');
  expect(validate(viaJson(report)) ? [] : validate.errors).toEqual([]);
  const md = renderMarkdown(report);
  for (const t of report.targets) expect(md).toContain(`<b>${t.policyTarget} · ${t.name} (dockerfile`);
  const sarif = buildSarif(report, { catalog: loadCatalog() });
  expect(sarif.runs).toHaveLength(1);
  expect(new Set(sarif.runs[0].results!.map((r) => r.locations![0].physicalLocation!.artifactLocation!.uri))).toEqual(
    new Set(['services/api/Dockerfile', 'services/web/Dockerfile', 'tools/builder.Dockerfile']),
  );
});

test('plan -> matrix of --only scans -> merge equals the combined scan', async () => {
  const combined = viaJson(await scan(config(), () => {}));
  const jobs = [];
  for (const t of config().policy!.targets) jobs.push(viaJson(await scan(config({ only: t.name }), () => {})));
  // each job alone: its own target, and the waivers for other targets look stale there (said so)
  expect(jobs[0].targets.map((t) => t.name)).toEqual(['services/api/Dockerfile']);
  expect(jobs[0].config!.only).toEqual(['svc:services/api/Dockerfile']);
  expect(jobs[0].config!.waivers!.map((w) => w.status)).toEqual(['applied', 'stale', 'stale']);
  expect(renderMarkdown(jobs[0])).toContain('This report covers `svc:services/api/Dockerfile` only: a waiver stale here may match another target; merge the reports to be sure.');
  const merged = viaJson(mergeReports(jobs));
  expect(merged).toEqual(combined);
  // in any order of the job files, the same findings, verdicts and decision
  const shuffled = viaJson(mergeReports([jobs[2], jobs[0], jobs[1]]));
  expect({ ...shuffled, targets: [], rules: [] }).toEqual({ ...combined, targets: [], rules: [] });
});

test('merging reports made with different fail-on values needs a choice', async () => {
  const a = await scan(config({ only: 'tools' }), () => {});
  const b = { ...a, failOn: 'critical' as const };
  expect(() => mergeReports([a, b])).toThrow(/different fail-on values \(high, critical\); choose one with --fail-on/);
  expect(mergeReports([a, b], 'never').passed).toBe(true);
});

test('bounded concurrency: never more than the limit at once, results in input order', async () => {
  let running = 0;
  let peak = 0;
  const out = await pool([50, 10, 30, 5, 20, 1], 2, async (ms, i) => {
    running++;
    peak = Math.max(peak, running);
    await new Promise((r) => setTimeout(r, ms));
    running--;
    return i;
  });
  expect(out).toEqual([0, 1, 2, 3, 4, 5]);
  expect(peak).toBe(2);
  await expect(pool([1, 2], 4, async (n) => {
    if (n === 2) throw new GateError('boom', 3);
    return n;
  })).rejects.toThrow('boom');
});

test('flags that name what to scan override the policy targets, and the report says so', async () => {
  const c = resolvePolicy(base({ dockerfiles: ['tools/builder.Dockerfile'], given: { targets: '--dockerfile' } }), locatePolicyFile(base()));
  expect(c.policy!.targets).toEqual([]);
  expect(c.policy!.settings.find((s) => s.name === 'targets')).toEqual({ name: 'targets', value: 'as given', source: '--dockerfile', overridden: '2 targets (.cis-docker-gate.yml:3)' });
  const r = await scan(c, () => {});
  expect(r.targets.map((t) => t.name)).toEqual(['tools/builder.Dockerfile']);
});

test('plan: formats, and nothing to plan without targets', async () => {
  const { planCommand } = await import('../../src/cli/commands/plan.js');
  let out = '';
  const w = { write: (s: string) => (out += s) };
  expect(planCommand(config(), 'text', w)).toBe(0);
  expect(out.split('\n')[0]).toBe('svc:services/api/Dockerfile  dockerfile  services/api/Dockerfile  (.cis-docker-gate.yml:4)');
  out = '';
  planCommand(config({ only: 'tools' }), 'json', w);
  expect(JSON.parse(out).targets.map((t: { name: string }) => t.name)).toEqual(['tools']);
  expect(() => planCommand(config(), 'yaml', w)).toThrow(new GateError('--format: "yaml" is not one of text, json, github-matrix', 2));
  expect(() => planCommand(resolvePolicy(base(), undefined), 'text', w)).toThrow(new GateError('nothing to plan: no policy file (.cis-docker-gate.yml or --config) lists targets', 2));
});
