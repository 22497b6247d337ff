/**
 * Policy as code through the CLI as a user runs it (the bundle): a config error names file, line and path and
 * exits 2; the baseline command makes a legacy repository green on day one; plan -> a matrix of --only scans ->
 * merge gives the combined scan's report and one valid SARIF run; `rules test` runs the custom rules' examples.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { multitoolProblems, schemaErrors } from '../report/sarif-validate.js';
import { buildBundle, removeBundle, runCli, STACK_TRACE, ROOT } from './run-cli.js';

let bundle: string;
let dir: string;
beforeAll(() => {
  bundle = buildBundle();
  dir = mkdtempSync(join(tmpdir(), 'cdg-cli-policy-'));
  // A copy of examples/ as a repository: its policy file at the root.
  cpSync(join(ROOT, 'examples'), dir, { recursive: true });
  rmSync(join(dir, '.cis-docker-gate.yml'));
  writeFileSync(join(dir, '.cis-docker-gate.yml'), readFileSync(join(ROOT, 'examples', '.cis-docker-gate.yml'), 'utf8').replace('$schema=../schema/', '$schema=https://example.invalid/schema/'));
});
afterAll(() => {
  removeBundle(bundle);
  rmSync(dir, { recursive: true, force: true });
});

const cli = (...args: string[]) => runCli(bundle, args, { cwd: dir });

test('a policy error: file, line, field path, exit 2, no stack trace', () => {
  writeFileSync(join(dir, 'bad.yml'), 'profile: all\nwaivers:\n  - rule: DL3002\n    scope: "*"\n    reason: r\n    expires: 2025-02-30\n');
  const r = cli('scan', '--config', 'bad.yml');
  expect(r.status).toBe(2);
  expect(r.stderr).toBe('cis-docker-gate: bad.yml:6 waivers[0].expires: must be a date (YYYY-MM-DD)\n');
  expect(r.stderr).not.toMatch(STACK_TRACE);
  expect(r.stdout).toBe('');
});

test('scan with the policy file at the root: its targets, settings, waivers and custom rules', () => {
  const r = cli('scan', '--format', 'json');
  expect(r.status).toBe(1);
  const report = JSON.parse(r.stdout);
  expect(report.targets.map((t: { policyTarget: string }) => t.policyTarget)).toEqual(['insecure', 'hardened']);
  expect(report.config.file).toBe('.cis-docker-gate.yml');
  expect(report.config.settings[0]).toEqual({ name: 'fail-on', value: 'high', source: '.cis-docker-gate.yml:10' });
  expect(report.findings.filter((f: { status: string }) => f.status === 'waived').map((f: { ruleId: string }) => f.ruleId).sort()).toEqual(['dockerfile/last-user-root', 'dockerfile/secret-in-env']);
  expect(report.findings.some((f: { ruleId: string }) => f.ruleId === 'acme/no-curl-in-final')).toBe(true);
  // a flag wins over the file, and the report says which value it overrode
  const never = JSON.parse(cli('scan', '--format', 'json', '--fail-on', 'never').stdout);
  expect(never.config.settings[0]).toEqual({ name: 'fail-on', value: 'never', source: '--fail-on', overridden: 'high (.cis-docker-gate.yml:10)' });
});

test('baseline: a legacy repository goes green on day one, and a new finding fails', () => {
  const b = cli('baseline', '--output', '.cis-docker-gate-baseline.json');
  expect(b.status).toBe(0);
  expect(b.stderr).toMatch(/^cis-docker-gate: recorded \d+ open findings in \.cis-docker-gate-baseline\.json \(\d+ suppressed or waived left out: they stay exceptions with reasons\); add `baseline: \.cis-docker-gate-baseline\.json` to the policy file to apply it\n$/);
  const policy = readFileSync(join(dir, '.cis-docker-gate.yml'), 'utf8');
  writeFileSync(join(dir, '.cis-docker-gate.yml'), policy.replace('# baseline: .cis-docker-gate-baseline.json', 'baseline: .cis-docker-gate-baseline.json'));
  try {
    const green = cli('scan');
    expect(green.stderr).toBe('');
    expect(green.status).toBe(0);
    expect(green.stdout).toMatch(/^0 open findings, \d+ suppressed\/waived; .* gate passed \(fail-on high\)$/m);
    // a new high finding: only it counts (lines above it did not move, so the line-scoped waiver still holds)
    const insecure = readFileSync(join(dir, 'insecure.Dockerfile'), 'utf8');
    writeFileSync(join(dir, 'insecure.Dockerfile'), `${insecure}COPY .npmrc /root/.npmrc\n`);
    const red = cli('scan');
    expect(red.status).toBe(1);
    expect(red.stdout).toMatch(/^insecure\.Dockerfile:16:1 {2}high {2}dockerfile\/copy-credential-file/m);
    expect(red.stdout).toMatch(/^1 open finding \(1 high\)/m);
    writeFileSync(join(dir, 'insecure.Dockerfile'), insecure);
  } finally {
    writeFileSync(join(dir, '.cis-docker-gate.yml'), policy);
  }
});

test('plan -> matrix scan (--only) -> merge: the same report as one combined scan, one valid SARIF run', () => {
  const plan = cli('plan', '--format', 'github-matrix');
  expect(plan.status).toBe(0);
  expect(plan.stdout.trim().split('\n')).toHaveLength(1); // one line, for $GITHUB_OUTPUT
  const matrix = JSON.parse(plan.stdout) as { include: { target: string; slug: string }[] };
  expect(matrix.include.map((m) => m.target)).toEqual(['insecure', 'hardened']);

  const combined = cli('scan', '--format', 'json', '--output', 'combined.json');
  expect(combined.status).toBe(1);
  const files: string[] = [];
  for (const m of matrix.include) {
    const r = cli('scan', '--only', m.target, '--format', 'json', '--output', `report-${m.slug}.json`);
    expect([0, 1]).toContain(r.status);
    files.push(`report-${m.slug}.json`);
  }
  const merged = cli('merge', ...files, '--json', 'merged.json', '--sarif', 'merged.sarif', '--summary', 'summary.md');
  expect(merged.status).toBe(1); // the gate decided again over all targets
  expect(merged.stderr).toMatch(/cis-docker-gate: merged 2 reports \(2 targets\)\n$/);
  const read = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8'));
  expect(read('merged.json')).toEqual(read('combined.json'));
  const sarif = read('merged.sarif');
  expect(sarif.runs).toHaveLength(1);
  expect(new Set(sarif.runs[0].results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0].physicalLocation.artifactLocation.uri))).toEqual(
    new Set(['insecure.Dockerfile']), // hardened.Dockerfile has no finding
  );
  expect(sarif.runs[0].tool.driver.rules.some((d: { id: string }) => d.id === 'acme/no-curl-in-final')).toBe(true);
  expect(schemaErrors(sarif)).toEqual([]);
  expect(multitoolProblems(join(dir, 'merged.sarif')).filter((p) => p.level === 'error')).toEqual([]);
  const summary = readFileSync(join(dir, 'summary.md'), 'utf8');
  expect(summary).toContain('### Exceptions (2 waivers)');
  expect(summary).toContain('| ✅ applied | `DL3002` | `insecure.Dockerfile:14` | The legacy installer runs as root until the service moves to the new base image. | @platform-team | 2099-12-31 | SEC-123 | 1 |');
  expect(summary).toContain('<b>insecure · insecure.Dockerfile (dockerfile');
});

test('merge refuses what is not a report', () => {
  writeFileSync(join(dir, 'not-a-report.json'), '{"hello": 1}');
  const r = cli('merge', 'not-a-report.json');
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/^cis-docker-gate: not-a-report\.json: not a cis-docker-gate JSON report \(/);
  expect(cli('merge').stderr).toMatch(/give the JSON reports to merge/);
});

test('rules test runs the custom rules\' examples; a broken one fails with what went wrong', () => {
  const ok = cli('rules', 'test');
  expect(ok.status).toBe(0);
  expect(ok.stdout).toMatch(/^3 rules, 10 examples: 10 passed, 0 failed, 0 skipped$/m);
  mkdirSync(join(dir, 'broken'), { recursive: true });
  writeFileSync(
    join(dir, 'broken', 'p.yml'),
    'custom-rules:\n  - id: acme/no-wget\n    severity: low\n    title: t\n    remediation: r\n    match: {dockerfile: {command: wget}}\n    examples:\n      bad:\n        - dockerfile: "FROM a\\nRUN wget x\\n"\n          lines: [1]\n      good:\n        - dockerfile: "FROM a\\n"\n',
  );
  const bad = cli('rules', 'test', '--config', 'broken/p.yml');
  expect(bad.status).toBe(1);
  expect(bad.stdout).toContain('FAIL  acme/no-wget  bad example 1: expected findings on line 1, got line 2');
  expect(bad.stdout).toMatch(/^1 rule, 2 examples: 1 passed, 1 failed, 0 skipped$/m);
});
