/** Flags and inputs win over the policy file, the file over the defaults; the report records which value won and where from. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../src/config/config.js';
import { locatePolicyFile, resolvePolicy, type Given } from '../../src/config/resolve.js';
import { scan } from '../../src/gate/scan.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cdg-resolve-'));
  writeFileSync(join(dir, 'Dockerfile'), ['FROM debian:12', 'RUN apt-get update && apt-get install -y curl', 'USER root', ''].join('\n'));
  writeFileSync(
    join(dir, '.cis-docker-gate.yml'),
    [
      'profile: cis-level-2', // 1
      'fail-on: critical', // 2
      'report-severity: medium', // 3
      'rules:', // 4
      '  DL3015: info', // 5  alias of dockerfile/apt-no-install-recommends
      '  dockerfile/no-healthcheck: off', // 6
      '  DS-0002:', // 7  trivy alias of dockerfile/last-user-root
      '    severity: critical', // 8
      '  dockerfile/base-image-untrusted-registry:', // 9
      '    options:', // 10
      '      registries: [registry.acme.example]', // 11
      '',
    ].join('\n'),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const edge = (over: Partial<Config> = {}, given: Given = {}): Config => ({
  dockerfiles: [join(dir, 'Dockerfile')],
  buildArgs: {},
  failOn: 'high',
  profile: 'cis-level-1',
  ruleOptions: {},
  disabled: [],
  given,
  ...over,
});
const resolved = (config: Config) => resolvePolicy(config, locatePolicyFile(config, { cwd: dir, root: dir }), { cwd: dir });

test('the policy file fills what the edge did not set, and says from which line', () => {
  const c = resolved(edge());
  expect([c.profile, c.failOn, c.reportSeverity]).toEqual(['cis-level-2', 'critical', 'medium']);
  expect(c.policy!.settings).toEqual([
    { name: 'fail-on', value: 'critical', source: '.cis-docker-gate.yml:2' },
    { name: 'profile', value: 'cis-level-2', source: '.cis-docker-gate.yml:1' },
    { name: 'report-severity', value: 'medium', source: '.cis-docker-gate.yml:3' },
    { name: 'concurrency', value: '4', source: 'default' },
  ]);
});

test('a flag or an input wins, and the report keeps the value it overrode', () => {
  const c = resolved(edge({ failOn: 'low', profile: 'all' }, { failOn: '--fail-on', profile: 'input profile' }));
  expect([c.failOn, c.profile]).toEqual(['low', 'all']);
  expect(c.policy!.settings.slice(0, 2)).toEqual([
    { name: 'fail-on', value: 'low', source: '--fail-on', overridden: 'critical (.cis-docker-gate.yml:2)' },
    { name: 'profile', value: 'all', source: 'input profile', overridden: 'cis-level-2 (.cis-docker-gate.yml:1)' },
  ]);
});

test('rules by id or alias: off, a severity override, options; recorded with their lines', () => {
  const c = resolved(edge());
  expect(c.disabled).toEqual(['dockerfile/no-healthcheck']);
  // DS-0002 is Trivy's id for both halves of CIS 4.1: an alias names every rule that carries it.
  expect(c.policy!.severity).toEqual({ 'dockerfile/apt-no-install-recommends': 'info', 'dockerfile/last-user-root': 'critical', 'dockerfile/no-user': 'critical' });
  expect(c.ruleOptions['dockerfile/base-image-untrusted-registry']).toEqual({ registries: ['registry.acme.example'] });
  expect(c.policy!.ruleChanges.map((r) => `${r.rule} -> ${r.ids.join(',')}: ${r.change} @${r.where}`)).toEqual([
    'DL3015 -> dockerfile/apt-no-install-recommends: severity info @.cis-docker-gate.yml:5',
    'dockerfile/no-healthcheck -> dockerfile/no-healthcheck: off @.cis-docker-gate.yml:6',
    'DS-0002 -> dockerfile/last-user-root,dockerfile/no-user: severity critical @.cis-docker-gate.yml:7',
    'dockerfile/base-image-untrusted-registry -> dockerfile/base-image-untrusted-registry: options registries @.cis-docker-gate.yml:9',
  ]);
});

test('the scan applies them: severities overridden, the rule off, the registry allow-list used, the report says so', async () => {
  const report = await scan(resolved(edge()), () => {});
  const of = (id: string) => report.findings.filter((f) => f.ruleId === id);
  expect(of('dockerfile/last-user-root').map((f) => f.severity)).toEqual(['critical']);
  expect(report.rules.find((v) => v.id === 'dockerfile/last-user-root')?.severity).toBe('critical');
  expect(of('dockerfile/apt-no-install-recommends').map((f) => f.severity)).toEqual(['info']);
  expect(report.rules.find((v) => v.id === 'dockerfile/no-healthcheck')).toMatchObject({ status: 'skip', reason: 'turned off in the configuration' });
  expect(of('dockerfile/base-image-untrusted-registry').map((f) => f.location.startLine)).toEqual([1]);
  expect(report.failOn).toBe('critical');
  expect(report.passed).toBe(false); // USER root is critical now
  expect(report.config).toMatchObject({ file: '.cis-docker-gate.yml', settings: expect.any(Array), rules: expect.any(Array) });
});

test('without a policy file the settings are still recorded, from the edge and the defaults', () => {
  const c = resolvePolicy(edge({ failOn: 'medium' }, { failOn: '--fail-on' }), undefined, { cwd: dir });
  expect(c.policy!.file).toBeUndefined();
  expect(c.policy!.settings.map((s) => `${s.name}=${s.value} (${s.source})`)).toEqual(['fail-on=medium (--fail-on)', 'profile=cis-level-1 (default)', 'report-severity=info (default)', 'concurrency=4 (default)']);
});
