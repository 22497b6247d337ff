/** SARIF: schema-valid, accepted by the Multitool's GitHub rules, and carrying what code scanning shows. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { loadCatalog } from '../../src/catalog/catalog.js';
import { scan } from '../../src/gate/scan.js';
import type { Report } from '../../src/report/report.js';
import { buildSarif, renderSarif, ruleName, SECURITY_SEVERITY } from '../../src/report/sarif.js';
import { renderJson } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import type { Finding } from '../../src/types.js';
import { finding, report as fixtureReport } from './fixtures.js';
import { multitoolProblems, schemaErrors } from './sarif-validate.js';

let dir: string;
let report: Report;
const repoPath = (f: string) => relative(dir, f).split('\\').join('/');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sarif-test-'));
  writeFileSync(join(dir, 'Dockerfile'), 'FROM debian:12\nRUN useradd app\nUSER root\n');
  writeFileSync(join(dir, 'suppressed.Dockerfile'), 'FROM debian:12\n# hadolint ignore=DL3002 -- the entrypoint drops privileges\nUSER root\n');
  const scanned = await scan({
    dockerfiles: [join(dir, 'Dockerfile'), join(dir, 'suppressed.Dockerfile')],
    buildArgs: {},
    failOn: 'high',
    profile: 'all',
    ruleOptions: {},
    disabled: [],
  });
  const open = scanned.findings.find((f) => f.ruleId === 'dockerfile/last-user-root' && f.status === 'open')!;
  // A waived finding and an image finding with no Dockerfile line of its own, as later targets produce them.
  const waived: Finding = { ...open, status: 'waived', statusReason: 'waiver: legacy base image, expires 2099-01-01 (owner @team)', fingerprint: `${open.fingerprint}-w` };
  const image: Finding = {
    ...open,
    ruleId: 'dockerfile/last-user-root',
    target: 'image',
    message: 'setuid binary /usr/bin/su in layer 3',
    location: { file: '/usr/bin/su', startLine: 0, startColumn: 0, endLine: 0, endColumn: 0 },
    fingerprint: 'image-fp',
  };
  report = {
    ...scanned,
    targets: [...scanned.targets, { kind: 'image', name: 'app:test', anchor: { file: join(dir, 'Dockerfile'), startLine: 1, startColumn: 1, endLine: 1, endColumn: 15 } }],
    findings: [...scanned.findings, waived, image],
  };
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sarif(): Log {
  return buildSarif(report, { catalog: loadCatalog(), repoPath, srcRoot: dir, vcs: { repositoryUri: 'https://github.com/o/r', revisionId: 'a'.repeat(40) } });
}

test('validates against the SARIF 2.1.0 JSON schema', () => {
  expect(schemaErrors(sarif())).toEqual([]);
});

test('the schema check is real: a result without a message fails it', () => {
  const log = sarif();
  delete (log.runs[0].results![0] as Partial<Result>).message;
  expect(schemaErrors(log).length).toBeGreaterThan(0);
});

test('the SARIF Multitool reports no errors or warnings with the GitHub rules (--rule-kind Gh)', () => {
  const file = join(dir, 'results.sarif');
  writeFileSync(file, renderSarif(report, { catalog: loadCatalog(), repoPath, srcRoot: dir }));
  expect(multitoolProblems(file, 'Gh')).toEqual([]);
  expect(multitoolProblems(file, 'Sarif').filter((p) => p.level === 'error')).toEqual([]);
});

test('the Multitool check is real: a result without locations is an error', () => {
  const log = sarif();
  delete log.runs[0].results![0].locations;
  const file = join(dir, 'broken.sarif');
  writeFileSync(file, JSON.stringify(log));
  expect(multitoolProblems(file, 'Gh').some((p) => p.level === 'error')).toBe(true);
});

test('one run; every evaluated rule is described for code scanning', () => {
  const log = sarif();
  expect(log.version).toBe('2.1.0');
  expect(log.runs).toHaveLength(1);
  const rules = log.runs[0].tool.driver.rules!;
  expect(rules.map((r) => r.id)).toEqual([...new Set(report.rules.map((r) => r.id))].sort());
  for (const r of rules) {
    expect(r.name).toBe(ruleName(r.id));
    expect(r.shortDescription?.text).toBeTruthy();
    expect(r.fullDescription?.text).toBeTruthy();
    expect(r.help?.text).toBeTruthy();
    expect(r.help?.markdown).toBeTruthy();
    expect(['error', 'warning', 'note']).toContain(r.defaultConfiguration?.level);
    expect(r.properties?.tags).toContain('security');
  }
  const root = rules.find((r) => r.id === 'dockerfile/last-user-root') as ReportingDescriptor;
  expect(root.properties?.tags).toEqual(expect.arrayContaining(['security', 'cis-4.1', 'cis-level-1']));
  expect(root.properties?.['security-severity']).toBe('8.0');
  expect(root.defaultConfiguration?.level).toBe('error');
  expect(root.help?.markdown).toContain('CIS Docker Benchmark v1.8.0');
  expect(root.help?.markdown).toContain('**4.1**');
  expect(root.help?.markdown).toContain('**Remediation:**');
  expect(root.help?.text).toContain('Remediation: Create an unprivileged user');
});

test('security-severity follows the documented scale', () => {
  expect(SECURITY_SEVERITY).toEqual({ critical: '9.5', high: '8.0', medium: '5.5', low: '2.0', info: undefined });
});

test('results carry a repository location, region, fingerprint and the rule index', () => {
  const run = sarif().runs[0];
  const results = run.results!;
  expect(results.length).toBe(report.findings.length);
  for (const r of results) {
    const loc = r.locations![0].physicalLocation!;
    expect(loc.artifactLocation?.uriBaseId).toBe('%SRCROOT%');
    expect(loc.artifactLocation?.uri).not.toMatch(/^\//);
    expect(loc.region?.startLine).toBeGreaterThanOrEqual(1);
    expect(r.partialFingerprints?.['cisDockerGate/v1']).toBeTruthy();
    expect(run.tool.driver.rules![r.ruleIndex!].id).toBe(r.ruleId);
  }
  const open = results.find((r) => r.ruleId === 'dockerfile/last-user-root' && !r.suppressions && r.locations![0].physicalLocation!.artifactLocation!.uri === 'Dockerfile' && r.locations![0].physicalLocation!.region!.startLine === 3);
  expect(open?.level).toBe('error');
  expect(run.originalUriBaseIds?.['%SRCROOT%'].uri).toMatch(/^file:\/\/\/.*\/$/);
  expect(run.versionControlProvenance?.[0]).toMatchObject({ repositoryUri: 'https://github.com/o/r', mappedTo: { uriBaseId: '%SRCROOT%' } });
});

test('an image finding without a Dockerfile line is shown on its target anchor (the final FROM line)', () => {
  const r = sarif().runs[0].results!.find((x) => x.partialFingerprints?.['cisDockerGate/v1'] === 'image-fp')!;
  expect(r.locations![0].physicalLocation).toMatchObject({ artifactLocation: { uri: 'Dockerfile' }, region: { startLine: 1 } });
});

test('suppressed findings are inSource suppressions, waived ones external, each with its reason', () => {
  const results = sarif().runs[0].results!;
  const suppressed = results.find((r) => r.suppressions?.[0]?.kind === 'inSource')!;
  expect(suppressed.locations![0].physicalLocation!.artifactLocation!.uri).toBe('suppressed.Dockerfile');
  expect(suppressed.suppressions![0].justification).toContain('the entrypoint drops privileges');
  const waived = results.find((r) => r.suppressions?.[0]?.kind === 'external')!;
  expect(waived.suppressions![0].justification).toContain('legacy base image');
  expect(results.filter((r) => r.suppressions).length).toBe(2);
});

test('only the findings passed in are results (report-severity), every rule still described', () => {
  const high = report.findings.filter((f) => f.severity === 'high' || f.severity === 'critical');
  const log = buildSarif(report, { catalog: loadCatalog(), findings: high, repoPath });
  expect(log.runs[0].results!.length).toBe(high.length);
  expect(log.runs[0].tool.driver.rules!.length).toBe(new Set(report.rules.map((r) => r.id)).size);
});

test('paths with spaces and unicode are percent-encoded URIs', () => {
  const f = { ...report.findings[0], location: { ...report.findings[0].location, file: join(dir, 'dir with space', 'Dökerfile') } };
  const log = buildSarif({ ...report, findings: [f] }, { catalog: loadCatalog(), repoPath });
  expect(log.runs[0].results![0].locations![0].physicalLocation!.artifactLocation!.uri).toBe('dir%20with%20space/D%C3%B6kerfile');
});

describe('findings outside the repository (run options, the engine, the daemon command line, host paths, the image itself)', () => {
  const anchor = { file: 'Dockerfile', startLine: 1, startColumn: 1, endLine: 1, endColumn: 15 };
  const elsewhere = [
    finding({ ruleId: 'runtime/privileged', target: 'runtime', location: { file: 'run-options', startLine: 2, startColumn: 1, endLine: 2, endColumn: 13 } }),
    finding({ ruleId: 'host/live-restore', target: 'host', location: { file: 'docker-engine', startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 } }),
    finding({ ruleId: 'host/tls-tcp-socket', target: 'host', location: { file: 'dockerd-command-line', startLine: 1, startColumn: 9, endLine: 1, endColumn: 30 } }),
    finding({ ruleId: 'host/daemon-json-permissions', target: 'host', location: { file: '/etc/docker/daemon.json', startLine: 3, startColumn: 1, endLine: 3, endColumn: 20 } }),
    finding({ ruleId: 'image/root-user', target: 'image', location: { file: 'image:app:1', startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 } }),
  ];
  const uris = (log: Log) => log.runs[0].results!.map((r) => r.locations![0].physicalLocation!.artifactLocation!.uri);

  test('with a target anchor they are shown on it (the final FROM line), the message naming where each one is', () => {
    const r = fixtureReport(elsewhere, { targets: [{ kind: 'dockerfile', name: 'Dockerfile' }, { kind: 'runtime', name: 'runtime:app:1', anchor }, { kind: 'host', name: 'unix:///var/run/docker.sock' }] });
    // the default repoPath is pure path arithmetic: `run-options` or `docker-engine` would pass for relative paths
    const log = buildSarif(r, { catalog: loadCatalog() });
    expect(uris(log)).toEqual(['Dockerfile', 'Dockerfile', 'Dockerfile', 'Dockerfile', 'Dockerfile']);
    expect(log.runs[0].results!.map((x) => x.locations![0].physicalLocation!.region!.startLine)).toEqual([1, 1, 1, 1, 1]);
    expect(log.runs[0].results!.map((x) => x.message.text!.replace(/^.*? Found in /, ''))).toEqual(
      expect.arrayContaining(['run option 2.', 'the Docker engine (docker info, docker version).', 'the dockerd command line, column 9.', '/etc/docker/daemon.json:3.', 'image app:1.']),
    );
    expect(schemaErrors(log)).toEqual([]);
  });

  test('run options with a Dockerfile and no image: the runtime target is anchored on its final FROM line', async () => {
    writeFileSync(join(dir, 'multi.Dockerfile'), 'FROM debian:12 AS build\nRUN make\nFROM debian:12-slim\nUSER 10001\n');
    const scanned = await scan({ dockerfiles: [join(dir, 'multi.Dockerfile')], runOptions: ['--read-only', '--privileged'], buildArgs: {}, failOn: 'high', profile: 'all', ruleOptions: {}, disabled: [] }, () => {});
    expect(scanned.targets.find((t) => t.kind === 'runtime')?.anchor).toMatchObject({ file: join(dir, 'multi.Dockerfile'), startLine: 3 });
    const privileged = buildSarif(scanned, { catalog: loadCatalog(), repoPath }).runs[0].results!.find((x) => x.ruleId === 'runtime/privileged')!;
    expect(privileged.locations![0].physicalLocation).toMatchObject({ artifactLocation: { uri: 'multi.Dockerfile' }, region: { startLine: 3 } });
    expect(privileged.message.text).toMatch(/ Found in run option 2\.$/);
  });

  test('a host audit alone has no anchor: SARIF leaves them out; the JSON report and the summary keep them, and the summary says so', () => {
    const host = elsewhere.slice(1, 4);
    const r = fixtureReport(host, { targets: [{ kind: 'host', name: 'unix:///var/run/docker.sock' }] });
    const log = buildSarif(r, { catalog: loadCatalog() });
    expect(log.runs[0].results).toEqual([]);
    expect(log.runs[0].tool.driver.rules!.map((x) => x.id)).toEqual(expect.arrayContaining(['host/live-restore', 'host/tls-tcp-socket']));
    expect(JSON.parse(renderJson(r)).findings).toHaveLength(3);
    const md = renderMarkdown(r, { files: { sarif: 'results.sarif', json: 'report.json' } });
    expect(md).toContain(
      '3 findings are not in a file of the repository (`/etc/docker/daemon.json:3`, `the Docker engine (docker info, docker version)`, `the dockerd command line, column 9`) ' +
        'and no Dockerfile line stands for them, so the SARIF file leaves them out: they are listed below and in the JSON report `report.json`.',
    );
    expect(md).toContain('| `/etc/docker/daemon.json:3` |');
    // with an anchor, nothing is left out and there is nothing to say
    const anchored = fixtureReport(elsewhere, { targets: [{ kind: 'runtime', name: 'runtime:app:1', anchor }] });
    expect(renderMarkdown(anchored, { files: { sarif: 'results.sarif' } })).not.toContain('the SARIF file leaves');
  });
});
