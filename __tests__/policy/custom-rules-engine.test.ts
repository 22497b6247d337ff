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
        '  - id: acme/no-curl-binary',
        '    severity: high',
        '    title: No curl binary',
        '    remediation: Remove curl.',
        "    match: {image: {file: ['/usr/bin/curl', '/bin/curl']}}",
        '',
      ].join('\n'),
    );
    // A debug tool added by a COPY (and chmod-ed by a RUN) and one added by a RUN; in `cleaned`, a later RUN deletes both.
    mkdirSync(join(dir, 'debug'));
    writeFileSync(join(dir, 'debug', 'debug-shell'), '#!/bin/sh\nexec /bin/sh "$@"\n');
    writeFileSync(
      join(dir, 'debug', 'Dockerfile'),
      [
        'FROM cdg-fixture/busybox:1', // 1
        'COPY debug-shell /usr/local/bin/debug-shell', // 2
        'RUN chmod 0755 /usr/local/bin/debug-shell', // 3
        'RUN cp /bin/busybox /usr/local/bin/debug-busybox && ln -s busybox /usr/local/bin/not-debug', // 4
        'USER 65534', // 5
        '',
      ].join('\n'),
    );
    mkdirSync(join(dir, 'cleaned'));
    writeFileSync(join(dir, 'cleaned', 'debug-shell'), '#!/bin/sh\nexec /bin/sh "$@"\n');
    writeFileSync(
      join(dir, 'cleaned', 'Dockerfile'),
      [
        'FROM cdg-fixture/busybox:1', // 1
        'COPY debug-shell /usr/local/bin/debug-shell', // 2
        'RUN cp /bin/busybox /usr/local/bin/debug-busybox', // 3
        'RUN rm /usr/local/bin/debug-shell /usr/local/bin/debug-busybox', // 4
        'USER 65534', // 5
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'debug.cis-docker-gate.yml'),
      [
        'profile: all',
        'targets:',
        '  - name: debug',
        '    dockerfile: debug/Dockerfile',
        '    build: true',
        '  - name: cleaned',
        '    dockerfile: cleaned/Dockerfile',
        '    build: true',
        'custom-rules:',
        '  - id: acme/no-debug-tools',
        '    severity: high',
        '    title: No debug tools in the final filesystem',
        '    remediation: Do not ship /usr/local/bin/debug-*.',
        "    match: {image: {file: '/usr/local/bin/debug-*'}}",
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

  test('config field and file rules report on the lines of the Dockerfile; a file glob that matches nothing passes', async () => {
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
      // in the base image: on the final FROM line
      'acme/no-busybox app/Dockerfile:1 /bin/busybox is in the final filesystem, added in layer 1 (base image)',
      'acme/no-debug-env app/Dockerfile:3 image config Env[] has "APP_MODE=debug", which matches /^APP_MODE=debug$/',
      // `/usr/local/bin/**` is about what is in the directory, not the directory the RUN created
      'acme/no-tools app/Dockerfile:4 /usr/local/bin/tool is in the final filesystem, added in layer 2 (RUN on line 4)',
      'acme/numeric-user app/Dockerfile:5 image config User is "app", which does not match /^[0-9]+(:[0-9]+)?$/',
      'acme/require-oci-source app/Dockerfile:1 image config Labels."org.opencontainers.image.source" is not set',
    ]);
    expect(report.rules.find((v) => v.id === 'acme/no-curl-binary')).toMatchObject({ status: 'pass' });
    expect(report.passed).toBe(false); // acme/no-tools is high
  });

  test('a file glob fails on the line of the COPY or RUN that added the file, and passes when a later RUN deletes it', async () => {
    const base: Config = { dockerfiles: [], buildArgs: {}, failOn: 'high', profile: 'cis-level-1', ruleOptions: {}, disabled: [], buildNetwork: 'none', configFile: join(dir, 'debug.cis-docker-gate.yml') };
    const config = resolvePolicy(base, locatePolicyFile(base, { cwd: dir }), { cwd: dir });
    const prev = process.cwd();
    process.chdir(dir);
    let report;
    try {
      report = await scan(config, () => {});
    } finally {
      process.chdir(prev);
    }
    const found = report.findings.filter((f) => f.ruleId === 'acme/no-debug-tools').map((f) => `${f.location.file}:${f.location.startLine} ${f.message}`);
    expect(found.sort()).toEqual([
      'debug/Dockerfile:2 /usr/local/bin/debug-shell is in the final filesystem, added in layer 2 (COPY on line 2), last changed in layer 3 (RUN on line 3)',
      'debug/Dockerfile:4 /usr/local/bin/debug-busybox is in the final filesystem, added in layer 4 (RUN on line 4)',
    ]);
    const verdicts = report.rules.filter((v) => v.id === 'acme/no-debug-tools').map((v) => `${v.subject} ${v.status}`);
    expect(verdicts.sort()).toEqual(['image:build of cleaned/Dockerfile pass', 'image:build of debug/Dockerfile fail']);
    expect(report.passed).toBe(false);
  });
});
