/**
 * Image custom rules against a real image: built by the engine from a Dockerfile (as `targets:` with build: true
 * asks), walked, and judged by the policy's image rules, with findings on the Dockerfile lines that caused them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../src/config/config.js';
import { locatePolicyFile, resolvePolicy } from '../../src/config/resolve.js';
import { scan } from '../../src/gate/scan.js';
import { describeWithEngine, labelledLeftovers } from '../integration/engine.js';

const d = await describeWithEngine();

d('image custom rules on a built image', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cdg-custom-engine-'));
    mkdirSync(join(dir, 'app'));
    writeFileSync(
      join(dir, 'app', 'Dockerfile'),
      [
        'FROM cdg-fixture/busybox:1', // 1
        'LABEL team=payments', // 2
        'ENV APP_MODE=debug', // 3
        'RUN mkdir -p /usr/local/bin && cp /bin/busybox /usr/local/bin/tool && chmod 4755 /usr/local/bin/tool', // 4
        'USER app', // 5
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, '.cis-docker-gate.yml'),
      [
        'profile: all',
        'targets:',
        '  - name: app',
        '    dockerfile: app/Dockerfile',
        '    build: true',
        'custom-rules:',
        '  - id: acme/require-oci-source',
        '    severity: medium',
        '    title: The image names its source',
        '    remediation: Add the label.',
        '    match: {image: {config: \'Labels."org.opencontainers.image.source"\', exists: false}}',
        '  - id: acme/numeric-user',
        '    severity: low',
        '    title: The image runs as a numeric user',
        '    remediation: USER 10001',
        "    match: {image: {config: User, not-matches: '^[0-9]+(:[0-9]+)?$'}}",
        '  - id: acme/no-debug-env',
        '    severity: low',
        '    title: No debug mode',
        '    remediation: Remove APP_MODE=debug.',
        "    match: {image: {config: 'Env[]', matches: '^APP_MODE=debug$'}}",
        '  - id: acme/no-tools',
        '    severity: high',
        '    title: No extra tools in /usr/local/bin',
        '    remediation: Remove it.',
        "    match: {image: {file: '/usr/local/bin/**'}}",
        '  - id: acme/no-busybox',
        '    severity: high',
        '    title: No busybox',
        '    remediation: Use a distroless base.',
        "    match: {image: {file: '/bin/busybox'}}",
        '',
      ].join('\n'),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // What the gate created must be gone after the scan (compared with before it: other suites' stragglers are not ours).
  let before: string[];
  beforeEach(async () => {
    before = await labelledLeftovers();
  });
  afterEach(async () => {
    expect((await labelledLeftovers()).filter((x) => !before.includes(x))).toEqual([]);
  });

  test('config field and file rules report on the lines of the Dockerfile; an unprovable absence skips', async () => {
    const base: Config = { dockerfiles: [], buildArgs: {}, failOn: 'high', profile: 'cis-level-1', ruleOptions: {}, disabled: [], buildNetwork: 'none', configFile: join(dir, '.cis-docker-gate.yml') };
    const config = resolvePolicy(base, locatePolicyFile(base, { cwd: dir }), { cwd: dir });
    const prev = process.cwd();
    process.chdir(dir);
    let report;
    try {
      report = await scan(config, () => {});
    } finally {
      process.chdir(prev);
    }
    expect(report.targets.map((t) => `${t.kind} ${t.name} ${t.policyTarget}`)).toEqual(['dockerfile app/Dockerfile app', 'image image:build of app/Dockerfile app']);
    const custom = report.findings.filter((f) => f.ruleId.startsWith('acme/')).map((f) => `${f.ruleId} ${f.location.file}:${f.location.startLine} ${f.message}`);
    expect(custom.sort()).toEqual([
      'acme/no-debug-env app/Dockerfile:3 image config Env[] has "APP_MODE=debug", which matches /^APP_MODE=debug$/',
      expect.stringMatching(/^acme\/no-tools app\/Dockerfile:4 \/usr\/local\/bin\/tool is in the final filesystem \(layer \d+\)$/),
      'acme/numeric-user app/Dockerfile:5 image config User is "app", which does not match /^[0-9]+(:[0-9]+)?$/',
      'acme/require-oci-source app/Dockerfile:1 image config Labels."org.opencontainers.image.source" is not set',
    ]);
    expect(report.rules.find((v) => v.id === 'acme/no-busybox')).toMatchObject({ status: 'skip', reason: expect.stringMatching(/cannot prove that nothing matches \/bin\/busybox/) });
    expect(report.passed).toBe(false); // acme/no-tools is high
  });
});
