/**
 * Custom rules of each kind, compiled from policy data and run through the same evaluation as the built-in rules:
 * Dockerfile matchers on real Dockerfiles (examples/), image matchers on image models built by the image
 * example builder, the runtime matcher on a runtime profile, and skipped with a reason when there is none.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../../src/catalog/catalog.js';
import { checkRuleExamples } from '../../src/catalog/examples.js';
import { checks as builtIn } from '../../src/checks/index.js';
import type { Config } from '../../src/config/config.js';
import type { CustomRuleData } from '../../src/config/file.js';
import { locatePolicyFile, resolvePolicy } from '../../src/config/resolve.js';
import { parseYamlSource } from '../../src/yaml/located.js';
import { evaluateDockerfileText } from '../../src/gate/dockerfile.js';
import { evaluateImageModel } from '../../src/gate/image.js';
import { imagePathGlobs } from '../../src/gate/rules.js';
import { scan } from '../../src/gate/scan.js';
import { imageFromExample } from '../../src/image/example.js';
import { MAX_PATH_MATCHES_PER_GLOB } from '../../src/image/facts.js';
import { compileCustomRules, NO_RUNTIME_PROFILE, parseFieldPath, withCustomRules, type CustomRule } from '../../src/policy/custom-rules.js';
import type { CheckOutcome } from '../../src/types.js';

const catalog = loadCatalog();

function compile(...rules: Omit<CustomRuleData, 'severity' | 'title' | 'remediation'>[]): CustomRule[] {
  const source = parseYamlSource('x: 1\n', 'policy.yml');
  const out = compileCustomRules(
    rules.map((r) => ({ data: { severity: 'high', title: 'T', remediation: 'R', ...r } as CustomRuleData, source, base: [], prefix: '' })),
    new Set(catalog.map((r) => r.id)),
  );
  expect(out.problems).toEqual([]);
  return out.rules;
}

function dockerfile(rule: CustomRule, text: string, options: { target?: string; buildArgs?: Record<string, string> } = {}) {
  const { rules, checks } = withCustomRules(catalog, builtIn, [rule]);
  const r = evaluateDockerfileText(text, 'Dockerfile', rules, checks, { profile: 'all', ...options });
  return { findings: r.findings.filter((f) => f.ruleId === rule.meta.id).map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.message}`), verdict: r.verdicts.find((v) => v.id === rule.meta.id)! };
}

describe('Dockerfile matchers', () => {
  test('an instruction with a regex on its arguments; FROM is tested fully qualified, ARGs resolved, stages and scratch skipped', () => {
    const [rule] = compile({ id: 'acme/registry', match: { dockerfile: { instruction: 'from', args: { 'not-matches': '^registry\\.acme\\.example/' } } } });
    const text = ['ARG BASE=node:20', 'FROM ${BASE} AS build', 'FROM build AS test', 'FROM scratch AS empty', 'FROM registry.acme.example/base/debian:12', ''].join('\n');
    expect(dockerfile(rule, text).findings).toEqual(['2:1 FROM ${BASE} (= node:20) (the arguments do not match /^registry\\.acme\\.example\\//)']);
    expect(dockerfile(rule, text, { buildArgs: { BASE: 'registry.acme.example/node:20' } }).findings).toEqual([]);
    // an ARG with no value: the rule cannot decide, so it skips (never a false pass)
    expect(dockerfile(rule, 'ARG BASE\nFROM ${BASE}\n').verdict).toMatchObject({ status: 'skip', reason: expect.stringMatching(/depends on an ARG with no value here/) });
    const [hub] = compile({ id: 'acme/hub', match: { dockerfile: { instruction: 'FROM', args: { matches: '^docker\\.io/library/' } } } });
    expect(dockerfile(hub, 'FROM debian:12\n').findings).toEqual(['1:1 FROM debian:12 (the arguments match /^docker\\.io\\/library\\//)']);
  });

  test('instruction flags present / absent', () => {
    const [chown] = compile({ id: 'acme/copy-chown', match: { dockerfile: { instruction: 'COPY', flags: { absent: '--chown' } } } });
    expect(dockerfile(chown, 'FROM a\nCOPY --chown=app:app x /x\nCOPY --from=b y /y\n').findings).toEqual(['3:1 COPY y /y (lacks --chown)']);
    const [platform] = compile({ id: 'acme/no-platform', match: { dockerfile: { instruction: 'FROM', flags: { present: ['--platform'] } } } });
    expect(dockerfile(platform, 'FROM --platform=linux/amd64 debian:12\nFROM debian:12\n').findings).toEqual(['1:1 FROM debian:12 (has --platform)']);
  });

  test('a command inside RUN: through wrappers, with flags (bundled short ones too) and an argument regex', () => {
    const [insecure] = compile({ id: 'acme/curl-insecure', match: { dockerfile: { command: { name: ['curl', 'wget'], flags: { present: ['-k', '--insecure', '--no-check-certificate'] } } } } });
    const text = [
      'FROM debian:12',
      'RUN curl -fsSL https://a.example/x -o /x', // 2: no -k
      'RUN curl -sSk https://b.example/x | sh', // 3: -k bundled
      'RUN sudo -u app wget --no-check-certificate https://c.example/y', // 4: through sudo
      'RUN ["curl", "--insecure", "https://d.example"]', // 5: exec form
      "RUN echo 'curl -k is bad'", // 6: only text
      '',
    ].join('\n');
    expect(dockerfile(insecure, text).findings).toEqual([
      '3:5 RUN runs curl -sSk https://b.example/x (has -k)',
      '4:5 RUN runs wget --no-check-certificate https://c.example/y (has --no-check-certificate)',
      '5:1 RUN runs curl --insecure https://d.example (has --insecure)',
    ]);
    const [http] = compile({ id: 'acme/plain-http', match: { dockerfile: { command: { name: 'curl', args: { matches: 'http://' } } } } });
    expect(dockerfile(http, 'FROM a\nRUN curl -o /x http://a.example/x && curl https://b.example\n').findings).toEqual(['2:5 RUN runs curl -o /x http://a.example/x (its arguments match /http:\\/\\//)']);
  });

  test('stage final follows the stages the shipped stage is built on; --target changes which that is', () => {
    const [rule] = compile({ id: 'acme/no-curl-in-final', match: { dockerfile: { command: 'curl', stage: 'final' } } });
    const text = ['FROM debian:12 AS fetch', 'RUN curl -o /x https://a.example/x', 'FROM debian:12 AS base', 'RUN curl -o /y https://a.example/y', 'FROM base', 'COPY --from=fetch /x /x', ''].join('\n');
    expect(dockerfile(rule, text).findings).toEqual(['4:5 RUN runs curl -o /y https://a.example/y in the final stage']);
    expect(dockerfile(rule, text, { target: 'fetch' }).findings).toEqual(['2:5 RUN runs curl -o /x https://a.example/x in the final stage']);
    const [any] = compile({ id: 'acme/no-curl', match: { dockerfile: { command: 'curl' } } });
    expect(dockerfile(any, text).findings.map((f) => f.split(' ')[0])).toEqual(['2:5', '4:5']);
  });

  test('missing: a requirement, reported on the final FROM when nothing matches', () => {
    const [rule] = compile({ id: 'acme/source-label', match: { dockerfile: { instruction: 'LABEL', stage: 'final', args: { matches: 'org\\.opencontainers\\.image\\.source=' }, missing: true } } });
    expect(dockerfile(rule, 'FROM a AS b\nLABEL org.opencontainers.image.source=x\nFROM c\nLABEL team=x\n').findings).toEqual([
      '3:1 no LABEL matching /org\\.opencontainers\\.image\\.source=/ in the final stage',
    ]);
    expect(dockerfile(rule, 'FROM c\nLABEL team=x org.opencontainers.image.source=https://github.com/a/b\n')).toMatchObject({ findings: [], verdict: { status: 'pass' } });
  });

  test('secrets in what a message shows are redacted', () => {
    const [rule] = compile({ id: 'acme/no-curl', match: { dockerfile: { command: 'curl' } } });
    const [f] = dockerfile(rule, 'FROM a\nRUN curl -H "Authorization: token ghp_0123456789abcdefghijklmnopqrstuvwxyzAB" https://api.github.com\n').findings;
    expect(f).not.toContain('ghp_0123456789abcdefghij');
    expect(f).toContain('ghp_…(42 chars)');
  });

  test('inline suppressions and waivers work on custom rules as on built-in ones', () => {
    const [rule] = compile({ id: 'acme/no-curl', match: { dockerfile: { command: 'curl' } } });
    const { rules, checks } = withCustomRules(catalog, builtIn, [rule]);
    const r = evaluateDockerfileText('FROM a\n# cis-docker-gate ignore=acme/no-curl -- a health probe\nRUN curl -f http://localhost/\n', 'Dockerfile', rules, checks, {});
    expect(r.findings.find((f) => f.ruleId === 'acme/no-curl')).toMatchObject({ status: 'suppressed', statusReason: 'line 2: a health probe' });
  });
});

describe('the examples in examples/policy/rules, on examples/*.Dockerfile, through the policy file', () => {
  const base = (): Config => ({ dockerfiles: [], buildArgs: {}, failOn: 'high', profile: 'cis-level-1', ruleOptions: {}, disabled: [] });
  const config = resolvePolicy(base(), locatePolicyFile({ configFile: 'examples/.cis-docker-gate.yml' }));

  test('their own examples pass the example harness', () => {
    const custom = config.policy!.customRules;
    expect(custom.map((r) => `${r.meta.id} ${r.meta.target}`)).toEqual(['acme/company-registry dockerfile', 'acme/no-curl-in-final dockerfile', 'acme/require-oci-source image']);
    const { rules, checks } = withCustomRules(catalog, builtIn, custom);
    const results = checkRuleExamples(
      custom.map((r) => r.meta),
      rules,
      checks,
    );
    expect(results.filter((r) => r.status !== 'pass')).toEqual([]);
    expect(results).toHaveLength(10);
  });

  test('a scan of the example targets reports them with their lines', async () => {
    const report = await scan(config, () => {});
    const custom = report.findings.filter((f) => f.ruleId.startsWith('acme/')).map((f) => `${f.ruleId} ${f.location.file}:${f.location.startLine} ${f.severity}`);
    expect(custom).toEqual(['acme/no-curl-in-final examples/insecure.Dockerfile:7 medium']);
    expect(report.rules.filter((v) => v.id === 'acme/company-registry').map((v) => `${v.subject} ${v.status}`)).toEqual(['examples/insecure.Dockerfile pass', 'examples/hardened.Dockerfile pass']);
    // the image rule has no image to judge in a Dockerfile-only scan: no verdict, no false pass
    expect(report.rules.some((v) => v.id === 'acme/require-oci-source')).toBe(false);
    expect(report.config!.customRules).toEqual([
      { id: 'acme/company-registry', target: 'dockerfile', where: 'examples/policy/rules/company-registry.yml:5' },
      { id: 'acme/no-curl-in-final', target: 'dockerfile', where: 'examples/policy/rules/no-curl-in-final.yml:4' },
      { id: 'acme/require-oci-source', target: 'image', where: 'examples/policy/rules/require-oci-source.yml:3' },
    ]);
  });
});

describe('image matchers', () => {
  // As a scan does: the walk (here the example builder) records the paths the enabled rules' globs ask about.
  const image = (rule: CustomRule, example: Record<string, unknown>, globs?: string[]) => {
    const { rules, checks } = withCustomRules(catalog, builtIn, [rule]);
    const r = evaluateImageModel(imageFromExample(example, 'example', globs ?? imagePathGlobs(rules, checks, { profile: 'all' })), rules, checks, { profile: 'all' });
    return { findings: r.findings.filter((f) => f.ruleId === rule.meta.id).map((f) => `${f.location.startLine} ${f.message}`), verdict: r.verdicts.find((v) => v.id === rule.meta.id)! };
  };

  test('a label that must exist', () => {
    const [rule] = compile({ id: 'acme/source', match: { image: { config: 'Labels."org.opencontainers.image.source"', exists: false } } });
    expect(image(rule, { config: { Labels: { team: 'x' } } }).findings).toEqual(['1 image config Labels."org.opencontainers.image.source" is not set']);
    expect(image(rule, { config: { Labels: { 'org.opencontainers.image.source': 'https://github.com/a/b' } } }).findings).toEqual([]);
  });

  test('User that must not be root (unset counts as root), on the USER line of the Dockerfile', () => {
    const [rule] = compile({ id: 'acme/numeric-user', match: { image: { config: 'User', 'not-matches': '^[1-9][0-9]*(:[0-9]+)?$' } } });
    expect(image(rule, { config: {} }).findings).toEqual(['1 image config User is not set, so it does not match /^[1-9][0-9]*(:[0-9]+)?$/']);
    const withDockerfile = {
      config: { User: 'app' },
      history: ['ADD file:0a1b in /', { created_by: 'USER app', empty_layer: true }],
      dockerfile: 'FROM debian:12\nUSER app\n',
    };
    expect(image(rule, withDockerfile).findings).toEqual(['2 image config User is "app", which does not match /^[1-9][0-9]*(:[0-9]+)?$/']);
    expect(image(rule, { config: { User: '10001:10001' } }).findings).toEqual([]);
  });

  test('Env[]: each matching item is a finding (values redacted); not-matches on a list is a requirement', () => {
    const [debug] = compile({ id: 'acme/no-debug', match: { image: { config: 'Env[]', matches: '^(DEBUG|API_KEY)=' } } });
    expect(image(debug, { config: { Env: ['PATH=/bin', 'DEBUG=1', 'API_KEY=sk-live-0123456789abcdefghijklmnopqrstuvwxyz'] } }).findings).toEqual([
      '1 image config Env[] has "DEBUG=1", which matches /^(DEBUG|API_KEY)=/',
      '1 image config Env[] has "API_KEY=sk-l…(44 chars)", which matches /^(DEBUG|API_KEY)=/',
    ]);
    const [tz] = compile({ id: 'acme/tz', match: { image: { config: 'Env[]', 'not-matches': '^TZ=' } } });
    expect(image(tz, { config: { Env: ['PATH=/bin'] } }).findings).toEqual(['1 no item of image config Env[] matches /^TZ=/']);
    expect(image(tz, { config: { Env: ['PATH=/bin', 'TZ=UTC'] } }).findings).toEqual([]);
  });

  test('a file glob: every matching path in the final filesystem is a finding, on the line of the layer that added it', () => {
    const [keys] = compile({ id: 'acme/no-keys', match: { image: { file: ['/root/.ssh/**', '/usr/local/bin/*'] } } });
    const walked = {
      history: ['ADD file:0a1b in /', 'COPY id_rsa /root/.ssh/id_rsa', 'RUN chmod u+s /usr/local/bin/tool'],
      files: [
        { layer: 1, path: '/usr/local/bin', type: 'dir' },
        { layer: 2, path: '/root/.ssh', type: 'dir' },
        { layer: 2, path: '/root/.ssh/id_rsa', content: '-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n-----END OPENSSH PRIVATE KEY-----\n' },
        { layer: 3, path: '/usr/local/bin/tool', mode: '4755' },
      ],
      dockerfile: 'FROM debian:12\nCOPY id_rsa /root/.ssh/id_rsa\nRUN chmod u+s /usr/local/bin/tool\n',
    };
    // `/root/.ssh/**` is about what is in /root/.ssh: the directory itself is not a match
    expect(image(keys, walked).findings).toEqual([
      '2 /root/.ssh/id_rsa is in the final filesystem, added in layer 2 (COPY on line 2)',
      '3 /usr/local/bin/tool is in the final filesystem, added in layer 3 (RUN on line 3)',
    ]);
    // a glob that matches nothing in a walked filesystem passes: the walk matched every entry against it
    const [curl] = compile({ id: 'acme/no-curl-binary', match: { image: { file: '/usr/bin/curl' } } });
    expect(image(curl, walked)).toEqual({ findings: [], verdict: expect.objectContaining({ status: 'pass' }) });
    const [dir] = compile({ id: 'acme/no-ssh-dir', match: { image: { file: '/root/.ssh' } } });
    expect(image(dir, walked).findings).toEqual(['2 directory /root/.ssh is in the final filesystem, added in layer 2 (COPY on line 2)']);
    // skip only when the model cannot tell: no filesystem, or built without the rule's globs
    expect(image(curl, { config: {} }).verdict).toMatchObject({ status: 'skip', reason: 'the image filesystem was not read (config only)' });
    expect(image(curl, walked, []).verdict).toMatchObject({ status: 'skip', reason: expect.stringMatching(/did not record the paths matching \/usr\/bin\/curl/) });
    expect(image(curl, walked, ['/usr/bin/wget']).verdict).toMatchObject({ status: 'skip' });
  });

  test('a file glob: only the final filesystem counts (whiteouts, opaque directories, replaced parents, re-adding)', () => {
    const [debug] = compile({ id: 'acme/no-debug', match: { image: { file: '/usr/local/bin/debug-*' } } });
    const history = ['ADD file:0a1b in /', 'COPY debug-shell /usr/local/bin/', 'RUN chmod 0755 /usr/local/bin/debug-shell', 'RUN rm -f /usr/local/bin/debug-shell'];
    const dockerfile = 'FROM debian:12\nCOPY debug-shell /usr/local/bin/\nRUN chmod 0755 /usr/local/bin/debug-shell\nRUN rm -f /usr/local/bin/debug-shell\n';
    const added = { layer: 2, path: '/usr/local/bin/debug-shell', mode: '0644' };
    const chmod = { layer: 3, path: '/usr/local/bin/debug-shell', mode: '0755' };
    // COPY, then chmod (the layer writes the file again): the finding goes on the COPY that added it
    const three = { history: history.slice(0, 3), dockerfile: dockerfile.split('\n').slice(0, 3).join('\n') + '\n', files: [added, chmod] };
    expect(image(debug, three).findings).toEqual(['2 /usr/local/bin/debug-shell is in the final filesystem, added in layer 2 (COPY on line 2), last changed in layer 3 (RUN on line 3)']);
    // deleted by a later RUN (a whiteout): "existed in layer 2" does not count, the rule passes
    const deleted = { history, dockerfile, files: [added, chmod, { layer: 4, path: '/usr/local/bin/debug-shell', delete: true }] };
    expect(image(debug, deleted)).toEqual({ findings: [], verdict: expect.objectContaining({ status: 'pass' }) });
    // an opaque parent (rm -rf the directory, then mkdir it again) or a parent replaced by a file removes it too
    expect(image(debug, { history, dockerfile, files: [added, { layer: 4, path: '/usr/local/bin', opaque: true }] }).verdict.status).toBe('pass');
    expect(image(debug, { history, dockerfile, files: [added, { layer: 4, path: '/usr/local', type: 'symlink' }] }).verdict.status).toBe('pass');
    // deleted, then added again: the finding goes on the layer that added it again
    const again = { files: [added, { layer: 3, path: '/usr/local/bin/debug-shell', delete: true }, { layer: 4, path: '/usr/local/bin/debug-shell' }] };
    expect(image(debug, { ...again, history, dockerfile }).findings).toEqual(['4 /usr/local/bin/debug-shell is in the final filesystem, added in layer 4 (RUN on line 4)']);
    // without a Dockerfile the finding stands on the image itself, and names the layer
    expect(image(debug, { files: [added, chmod] }).findings).toEqual(['1 /usr/local/bin/debug-shell is in the final filesystem, added in layer 2, last changed in layer 3']);
  });

  test('a file glob keeps a bounded number of matches and counts the rest; an unproven absence skips', () => {
    const [rule] = compile({ id: 'acme/no-docs', match: { image: { file: '/usr/share/doc/**' } } });
    const n = MAX_PATH_MATCHES_PER_GLOB + 5;
    const files = Array.from({ length: n }, (_, i) => ({ layer: 1, path: `/usr/share/doc/f${i}` }));
    const model = imageFromExample({ files }, 'example', ['/usr/share/doc/**']);
    expect(model.paths!.matches['/usr/share/doc/**']).toHaveLength(MAX_PATH_MATCHES_PER_GLOB);
    expect(model.paths!.dropped).toEqual({ '/usr/share/doc/**': 5 });
    const present = image(rule, { files });
    expect(present.findings).toHaveLength(MAX_PATH_MATCHES_PER_GLOB);
    expect(present.findings[0]).toBe('1 /usr/share/doc/f0 is in the final filesystem, added in layer 1 (5 more matching entries were not listed)');
    // the kept matches were deleted, the ones not kept cannot be followed: no false pass
    const removed = image(rule, { files: [...files, { layer: 2, path: '/usr/share/doc/f0', delete: true }, ...files.slice(1, MAX_PATH_MATCHES_PER_GLOB).map((f) => ({ layer: 2, path: f.path, delete: true }))] });
    expect(removed.verdict).toMatchObject({ status: 'skip', reason: expect.stringMatching(/kept only the first matches of \/usr\/share\/doc\/\*\* \(5 more not kept\)/) });
  });

  test('the walk is asked for the globs of the image rules that run only', () => {
    const [on, off, level2] = compile(
      { id: 'acme/a', match: { image: { file: ['/b/**', '/a'] } } },
      { id: 'acme/off', match: { image: { file: '/off' } } },
      { id: 'acme/level2', level: 2, match: { image: { file: '/l2' } } },
    );
    const { rules, checks } = withCustomRules(catalog, builtIn, [on, off, level2]);
    expect(imagePathGlobs(rules, checks, { disabled: ['acme/off'] })).toEqual(['/a', '/b/**']);
    expect(imagePathGlobs(rules, checks, { profile: 'all' })).toEqual(['/a', '/b/**', '/l2', '/off']);
  });

  test('`rules test`: the image examples of a file rule are built with its globs, as a scan walks the image', () => {
    const history = ['ADD file:0a1b in /', 'COPY debug-shell /usr/local/bin/', 'RUN rm /usr/local/bin/debug-shell'];
    const dockerfile = 'FROM debian:12\nCOPY debug-shell /usr/local/bin/\nRUN rm /usr/local/bin/debug-shell\n';
    const file = { layer: 2, path: '/usr/local/bin/debug-shell', mode: '0755' };
    const [rule] = compile({
      id: 'acme/no-debug-tools',
      match: { image: { file: '/usr/local/bin/debug-*' } },
      examples: {
        bad: [{ image: { history: history.slice(0, 2), dockerfile: 'FROM debian:12\nCOPY debug-shell /usr/local/bin/\n', files: [file] }, lines: [2] }],
        good: [{ image: { history, dockerfile, files: [file, { layer: 3, path: file.path, delete: true }] } }, { image: { files: [{ path: '/usr/local/bin/tool' }] } }],
      } as CustomRuleData['examples'],
    });
    const { rules, checks } = withCustomRules(catalog, builtIn, [rule]);
    expect(checkRuleExamples([rule.meta], rules, checks).map((r) => `${r.kind} ${r.index} ${r.status}${r.detail ? ` ${r.detail}` : ''}`)).toEqual(['bad 1 pass', 'good 1 pass', 'good 2 pass']);
  });

  test('field paths', () => {
    expect(parseFieldPath('Labels."org.opencontainers.image.source"')).toEqual([
      { name: 'Labels', each: false },
      { name: 'org.opencontainers.image.source', each: false },
    ]);
    expect(parseFieldPath('Healthcheck.Test[]')).toEqual([
      { name: 'Healthcheck', each: false },
      { name: 'Test', each: true },
    ]);
    expect(parseFieldPath('Labels."a\\"b"')).toEqual([
      { name: 'Labels', each: false },
      { name: 'a"b', each: false },
    ]);
    expect(parseFieldPath('Labels.')).toBe('ends with a dot');
    expect(parseFieldPath('Env[0]')).toBe('has "[" where a dot was expected');
  });
});

describe('runtime matchers', () => {
  const [privileged] = compile({ id: 'acme/no-privileged', match: { runtime: { setting: 'privileged', matches: '^true$' } } });
  const [caps] = compile({ id: 'acme/drop-all', match: { runtime: { setting: 'cap_drop', 'not-matches': '^ALL$' } } });
  const loc = (line: number) => ({ file: 'compose.yml', startLine: line, startColumn: 5, endLine: line, endColumn: 20 });
  const run = (rule: CustomRule, model: unknown) => (rule.check.check as (m: unknown, o: object) => CheckOutcome)(model, {});

  test('a declared setting, with the line that declared it', () => {
    const profile = { anchor: loc(2), privileged: { value: true, location: loc(5), source: 'privileged: true' }, capDrop: [{ value: 'NET_RAW', location: loc(7), source: '- NET_RAW' }] };
    expect(run(privileged, { name: 'runtime:compose.yml#web', profile, probe: { skipped: 'x' } })).toEqual({
      findings: [{ message: 'the runtime profile declares privileged: true, which matches /^true$/', location: loc(5), key: 'true' }],
    });
    expect(run(caps, { profile })).toEqual({ findings: [{ message: 'no cap_drop of the runtime profile matches /^ALL$/', location: loc(2), key: 'none' }] });
    expect(run(caps, { profile: { ...profile, capDrop: [{ value: 'ALL', location: loc(7) }] } })).toEqual({ findings: [] });
  });

  test('on a real compose file: findings on the lines that declare the settings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdg-custom-rt-'));
    try {
      writeFileSync(join(dir, 'compose.yml'), 'services:\n  web:\n    image: nginx:1.25\n    privileged: true\n    cap_drop: [NET_RAW]\n    read_only: true\n');
      writeFileSync(
        join(dir, 'p.yml'),
        [
          'custom-rules:',
          '  - {id: acme/no-privileged, severity: critical, title: t, remediation: r, match: {runtime: {setting: privileged, matches: "^true$"}}}',
          '  - {id: acme/drop-all, severity: high, title: t, remediation: r, match: {runtime: {setting: cap_drop, not-matches: "^ALL$"}}}',
          '  - {id: acme/read-only, severity: high, title: t, remediation: r, match: {runtime: {setting: read_only, exists: false}}}',
          '',
        ].join('\n'),
      );
      const base: Config = { dockerfiles: [], buildArgs: {}, failOn: 'high', profile: 'cis-level-1', ruleOptions: {}, disabled: [], configFile: join(dir, 'p.yml'), composeFile: join(dir, 'compose.yml'), service: 'web' };
      const report = await scan(resolvePolicy(base, locatePolicyFile(base)), () => {});
      const custom = report.findings.filter((f) => f.ruleId.startsWith('acme/')).map((f) => `${f.ruleId} ${f.location.startLine} ${f.message}`);
      expect(custom).toEqual(['acme/drop-all 2 no cap_drop of the runtime profile matches /^ALL$/', 'acme/no-privileged 4 the runtime profile declares privileged: true, which matches /^true$/']);
      expect(report.rules.find((v) => v.id === 'acme/read-only')).toMatchObject({ status: 'pass' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('its examples run through the example harness (`rules test`), a compose file or run options each', () => {
    const [rule] = compile({
      id: 'acme/no-privileged-ex',
      match: { runtime: { setting: 'privileged', matches: '^true$' } },
      examples: {
        bad: [
          { runtime: { compose: 'services:\n  app:\n    image: a\n    privileged: true\n' }, lines: [4] },
          { runtime: { runOptions: ['--read-only', '--privileged'] }, lines: [2] },
        ],
        good: [{ runtime: { compose: 'services:\n  app:\n    image: a\n' } }],
      },
    });
    const { rules, checks } = withCustomRules(catalog, builtIn, [rule]);
    expect(checkRuleExamples([rule.meta], rules, checks).map((r) => `${r.kind} ${r.index} ${r.status}${r.detail ? ` ${r.detail}` : ''}`)).toEqual(['bad 1 pass', 'bad 2 pass', 'good 1 pass']);
  });

  test('no runtime profile: skipped, and in a scan without a runtime target the verdict says so', async () => {
    expect(run(privileged, { name: 'runtime:x', probe: { skipped: 'x' } })).toEqual({ skip: NO_RUNTIME_PROFILE });
    const dir = mkdtempSync(join(tmpdir(), 'cdg-custom-'));
    try {
      writeFileSync(join(dir, 'Dockerfile'), 'FROM a\n');
      writeFileSync(join(dir, 'p.yml'), 'custom-rules:\n  - id: acme/no-privileged\n    severity: critical\n    title: t\n    remediation: r\n    match: {runtime: {setting: privileged, matches: "^true$"}}\n');
      const base: Config = { dockerfiles: [join(dir, 'Dockerfile')], buildArgs: {}, failOn: 'high', profile: 'cis-level-1', ruleOptions: {}, disabled: [], configFile: join(dir, 'p.yml') };
      const report = await scan(resolvePolicy(base, locatePolicyFile(base)), () => {});
      expect(report.rules.find((v) => v.id === 'acme/no-privileged')).toMatchObject({ status: 'skip', reason: 'no runtime profile', subject: 'runtime' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
