/**
 * Every way a policy file can be wrong ends the same way: a GateError with exit code 2 whose message names the
 * file, the line and the field path (`.cis-docker-gate.yml:14 waivers[2].expires: must be a date (YYYY-MM-DD)`),
 * never a stack trace.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../src/config/config.js';
import { loadPolicyFile } from '../../src/config/file.js';
import { locatePolicyFile, resolvePolicy } from '../../src/config/resolve.js';
import { GateError } from '../../src/types.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cdg-policy-'));
  mkdirSync(join(dir, 'svc'));
  writeFileSync(join(dir, 'Dockerfile'), 'FROM debian:12\n');
  writeFileSync(join(dir, 'svc', 'Dockerfile'), 'FROM debian:12\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const base = (): Config => ({ dockerfiles: [], buildArgs: {}, failOn: 'high', profile: 'cis-level-1', ruleOptions: {}, disabled: [] });

/** Loads `.cis-docker-gate.yml` with this text from the test folder, as the CLI does, and returns the error. */
function problem(text: string | Buffer, extra: Record<string, string> = {}): GateError {
  writeFileSync(join(dir, '.cis-docker-gate.yml'), text);
  for (const [f, t] of Object.entries(extra)) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), t);
  }
  try {
    resolvePolicy(base(), locatePolicyFile(base(), { cwd: dir, root: dir }), { cwd: dir });
  } catch (e) {
    expect(e).toBeInstanceOf(GateError);
    expect((e as GateError).exitCode).toBe(2);
    expect((e as Error).message).not.toMatch(/^\s+at /m);
    return e as GateError;
  }
  throw new Error('expected a policy error');
}

const waiver = (over: string) =>
  `waivers:\n  - rule: DL3002\n    scope: "*"\n    reason: legacy\n    expires: 2030-01-01\n  - rule: DL3002\n    scope: Dockerfile\n    reason: ok\n    expires: 2030-01-01\n  - rule: DL3002\n    scope: "*"\n    reason: x\n${over}`;

describe('shape errors (schema/config.schema.json), with file, line and path', () => {
  test.each([
    ['the example from the issue: a bad expiry date', `profile: all\n${waiver('    expires: 2030-02-30\n')}`, '.cis-docker-gate.yml:14 waivers[2].expires: must be a date (YYYY-MM-DD)'],
    ['a date in another format', waiver('    expires: 30.06.2030\n'), '.cis-docker-gate.yml:13 waivers[2].expires: must be a date (YYYY-MM-DD)'],
    ['a missing expiry', waiver(''), '.cis-docker-gate.yml:10 waivers[2].expires: is required'],
    ['an empty reason', waiver('    expires: 2030-01-01\n').replace('reason: x', 'reason: "  "'), '.cis-docker-gate.yml:12 waivers[2].reason: must not be empty'],
    ['an unknown top-level key', 'profile: all\nfailon: high\n', '.cis-docker-gate.yml:2 failon: is not a known field (known: profile, fail-on, report-severity, rules, targets, concurrency, waivers, baseline, custom-rules)'],
    ['an unknown profile', 'profile: level-3\n', '.cis-docker-gate.yml:1 profile: must be one of cis-level-1, cis-level-2, all'],
    ['a bad fail-on', 'fail-on: urgent\n', '.cis-docker-gate.yml:1 fail-on: must be one of critical, high, medium, low, info, never'],
    ['a bad report-severity', 'report-severity: everything\n', '.cis-docker-gate.yml:1 report-severity: must be one of critical, high, medium, low, info'],
    ['a rule setting of the wrong kind', 'rules:\n  DL3002: 3\n', '.cis-docker-gate.yml:2 rules.DL3002: must be off, a severity (critical, high, medium, low, info), or a mapping with severity and options'],
    ['a rule setting with an unknown word', 'rules:\n  DL3002: disabled\n', '.cis-docker-gate.yml:2 rules.DL3002: must be off, a severity (critical, high, medium, low, info), or a mapping with severity and options'],
    ['an unknown field in a rule setting', 'rules:\n  DL3002:\n    level: 2\n', '.cis-docker-gate.yml:3 rules.DL3002.level: is not a known field (known: severity, options)'],
    ['waivers that are not a list', 'waivers: {}\n', '.cis-docker-gate.yml:1 waivers: must be a list'],
    ['a waiver with an unknown field', 'waivers:\n  - rule: DL3002\n    scope: "*"\n    reason: x\n    expires: 2030-01-01\n    until: 2031-01-01\n', '.cis-docker-gate.yml:6 waivers[0].until: is not a known field (known: rule, scope, reason, expires, owner, ticket)'],
    ['a target without a name', 'targets:\n  - dockerfile: Dockerfile\n', '.cis-docker-gate.yml:2 targets[0].name: is required'],
    ['a target name with a space', 'targets:\n  - name: my app\n    dockerfile: Dockerfile\n', '.cis-docker-gate.yml:2 targets[0].name: must be letters, digits, dots, dashes or underscores, starting with a letter or digit'],
    ['a concurrency of 0', 'concurrency: 0\n', '.cis-docker-gate.yml:1 concurrency: must be >= 1'],
    ['a top level that is a list', '- profile: all\n', '.cis-docker-gate.yml:1 (top level): must be a mapping'],
    ['a custom rule without a matcher', 'custom-rules:\n  - id: acme/x\n    severity: high\n    title: t\n    remediation: r\n', '.cis-docker-gate.yml:2 custom-rules[0].match: is required'],
    ['a custom rule id without a prefix', 'custom-rules:\n  - id: no-curl\n    severity: high\n    title: t\n    remediation: r\n    match: {dockerfile: {command: curl}}\n', '.cis-docker-gate.yml:2 custom-rules[0].id: must be PREFIX/NAME in lower case with dashes (acme/require-source-label)'],
    ['a custom rule matching two targets', 'custom-rules:\n  - id: acme/x\n    severity: high\n    title: t\n    remediation: r\n    match:\n      dockerfile: {command: curl}\n      image: {config: User, exists: false}\n', '.cis-docker-gate.yml:6 custom-rules[0].match: must name exactly one of dockerfile, image, runtime'],
    ['a custom rule with a bad stage', 'custom-rules:\n  - id: acme/x\n    severity: high\n    title: t\n    remediation: r\n    match:\n      dockerfile: {command: curl, stage: last}\n', '.cis-docker-gate.yml:7 custom-rules[0].match.dockerfile.stage: must be one of final, any'],
  ])('%s', (_what, text, message) => {
    expect(problem(text).message).toBe(message);
  });

  test('several problems are all reported, one per line, in line order', () => {
    expect(problem('profile: x\nrules:\n  DL3002: 3\nfail-on: y\n').message.split('\n')).toEqual([
      '.cis-docker-gate.yml:1 profile: must be one of cis-level-1, cis-level-2, all',
      '.cis-docker-gate.yml:3 rules.DL3002: must be off, a severity (critical, high, medium, low, info), or a mapping with severity and options',
      '.cis-docker-gate.yml:4 fail-on: must be one of critical, high, medium, low, info, never',
    ]);
  });
});

describe('reading errors', () => {
  test('YAML syntax: the line of the problem', () => {
    expect(problem('profile: all\nrules:\n  DL3002: [off\n  DL3007: low\n').message).toMatch(/^\.cis-docker-gate\.yml:\d+: not valid YAML: /);
    expect(problem('profile: all\nprofile: all\n').message).toBe('.cis-docker-gate.yml:2: not valid YAML: duplicated mapping key');
    expect(problem('a: "\\q"\n').message).toBe('.cis-docker-gate.yml:1: not valid YAML: unknown escape sequence');
  });
  test('two documents', () => {
    expect(problem('profile: all\n---\nprofile: all\n').message).toBe('.cis-docker-gate.yml: holds 2 YAML documents (separated by ---); it must hold one');
  });
  test('a binary file', () => {
    expect(problem(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2])).message).toBe('.cis-docker-gate.yml: is a binary file, not YAML');
  });
  test('a file over 1 MiB', () => {
    expect(problem(`# ${'x'.repeat(1024 * 1024)}\n`).message).toBe('.cis-docker-gate.yml: the policy file is larger than 1048576 bytes');
  });
  test('a named file that does not exist, a directory, an unreadable file', () => {
    const load = (p: string) => () => loadPolicyFile(p, dir);
    expect(load('nope.yml')).toThrow(new GateError('nope.yml: cannot read the policy file (no such file or directory)', 2));
    expect(load('svc')).toThrow(new GateError('svc: is a directory, not the policy file', 2));
    if (process.getuid?.() !== 0) {
      writeFileSync(join(dir, 'locked.yml'), 'profile: all\n');
      chmodSync(join(dir, 'locked.yml'), 0);
      expect(load('locked.yml')).toThrow(new GateError('locked.yml: cannot read the policy file (EACCES)', 2));
    }
  });
  test('an empty file, or one with only comments, is an empty policy', () => {
    for (const text of ['', '# yaml-language-server: $schema=schema/config.schema.json\n']) {
      writeFileSync(join(dir, '.cis-docker-gate.yml'), text);
      const c = resolvePolicy(base(), locatePolicyFile(base(), { cwd: dir, root: dir }), { cwd: dir });
      expect(c.policy?.file).toBe('.cis-docker-gate.yml');
      expect(c.failOn).toBe('high');
    }
  });
  test('no file at the root: no policy, nothing read', () => {
    expect(locatePolicyFile(base(), { cwd: dir, root: dir })).toBeUndefined();
  });
});

describe('errors that need the catalog, the file system or the custom rules', () => {
  test.each([
    ['an unknown rule in rules', 'rules:\n  DL9999: off\n', '.cis-docker-gate.yml:2 rules.DL9999: is not a rule id or alias; see docs/rules.md'],
    ['a misspelt rule id, with a suggestion', 'rules:\n  dockerfile/no-usr: off\n', '.cis-docker-gate.yml:2 rules.dockerfile/no-usr: is not a rule id or alias (did you mean dockerfile/no-user?); see docs/rules.md'],
    ['an option the rule does not have', 'rules:\n  dockerfile/base-image-untrusted-registry:\n    options:\n      registry: [a.example]\n', '.cis-docker-gate.yml:4 rules.dockerfile/base-image-untrusted-registry.options.registry: is not an option of dockerfile/base-image-untrusted-registry (its options: registries)'],
    ['an option of the wrong kind', 'rules:\n  dockerfile/forbidden-tools:\n    options:\n      tools: curl\n', '.cis-docker-gate.yml:4 rules.dockerfile/forbidden-tools.options.tools: must be a list, as in the rule\'s default (see docs/rules.md)'],
    ['options for a rule without options', 'rules:\n  DL3002:\n    options: {x: 1}\n', '.cis-docker-gate.yml:3 rules.DL3002.options.x: dockerfile/last-user-root has no options'],
    ['a waiver for an unknown rule', 'waivers:\n  - rule: DL9999\n    scope: "*"\n    reason: r\n    expires: 2030-01-01\n', '.cis-docker-gate.yml:2 waivers[0].rule: is not a rule id or alias; see docs/rules.md'],
    ['a waiver on line 0', 'waivers:\n  - rule: DL3002\n    scope: Dockerfile:0\n    reason: r\n    expires: 2030-01-01\n', '.cis-docker-gate.yml:3 waivers[0].scope: has line 0; lines start at 1'],
    ['a baseline that does not exist', 'baseline: base.json\n', '.cis-docker-gate.yml:1 baseline: base.json: cannot read the baseline (no such file or directory; write it with `cis-docker-gate baseline --output base.json`)'],
    ['a baseline that is not JSON', 'baseline: Dockerfile\n', /^\.cis-docker-gate\.yml:1 baseline: Dockerfile: not a baseline file: not valid JSON/],
    ['a target glob that matches nothing', 'targets:\n  - name: all\n    dockerfile: "apps/*/Dockerfile"\n', '.cis-docker-gate.yml:3 targets[0].dockerfile: the glob apps/*/Dockerfile matches no file under .'],
    ['a target Dockerfile that does not exist', 'targets:\n  - name: api\n    dockerfile: api/Dockerfile\n', '.cis-docker-gate.yml:3 targets[0].dockerfile: api/Dockerfile does not exist (relative to .)'],
    ['a target with nothing to scan', 'targets:\n  - name: api\n', '.cis-docker-gate.yml:2 targets[0]: needs dockerfile, image, image-archive or compose-file'],
    ['two targets with one name', 'targets:\n  - name: api\n    dockerfile: Dockerfile\n  - name: api\n    dockerfile: svc/Dockerfile\n', '.cis-docker-gate.yml:4 targets[1].name: "api" is also the name of targets[0]; names must be unique'],
    ['a service without a compose file', 'targets:\n  - name: api\n    dockerfile: Dockerfile\n    service: web\n', '.cis-docker-gate.yml:4 targets[0].service: names a service of compose-file, which is not set'],
    ['a custom rule with a built-in prefix', 'custom-rules:\n  - id: dockerfile/no-curl\n    severity: high\n    title: t\n    remediation: r\n    match: {dockerfile: {command: curl}}\n', '.cis-docker-gate.yml:2 custom-rules[0].id: uses the prefix dockerfile/, which belongs to the built-in rules; choose your own (acme/...)'],
    ['a custom rule with a bad regex', 'custom-rules:\n  - id: acme/x\n    severity: high\n    title: t\n    remediation: r\n    match:\n      dockerfile:\n        instruction: FROM\n        args: {matches: "(unclosed"}\n', /^\.cis-docker-gate\.yml:9 custom-rules\[0\]\.match\.dockerfile\.args\.matches: is not a valid regular expression: /],
    ['a custom rule twice', `custom-rules:\n${'  - id: acme/x\n    severity: high\n    title: t\n    remediation: r\n    match: {dockerfile: {command: curl}}\n'.repeat(2)}`, '.cis-docker-gate.yml:7 custom-rules[1].id: is defined twice (also at .cis-docker-gate.yml:2)'],
    ['a command matcher on another instruction', 'custom-rules:\n  - id: acme/x\n    severity: high\n    title: t\n    remediation: r\n    match: {dockerfile: {instruction: COPY, command: curl}}\n', '.cis-docker-gate.yml:6 custom-rules[0].match.dockerfile.instruction: is COPY, but command looks inside RUN; leave instruction out or make it RUN'],
    ['an image matcher with two conditions', 'custom-rules:\n  - id: acme/x\n    severity: high\n    title: t\n    remediation: r\n    match:\n      image: {config: User, exists: true, matches: root}\n', '.cis-docker-gate.yml:7 custom-rules[0].match.image: has exists and matches: give exactly one condition'],
    ['an image field path with an unclosed quote', 'custom-rules:\n  - id: acme/x\n    severity: high\n    title: t\n    remediation: r\n    match:\n      image: {config: \'Labels."org.x\', exists: false}\n', '.cis-docker-gate.yml:7 custom-rules[0].match.image.config: has an unclosed quote (e.g. User, Env[], Labels."org.opencontainers.image.source")'],
    ['a relative file glob', 'custom-rules:\n  - id: acme/x\n    severity: high\n    title: t\n    remediation: r\n    match:\n      image: {file: usr/bin/curl}\n', '.cis-docker-gate.yml:7 custom-rules[0].match.image.file: must be an absolute path or glob (/usr/bin/curl, /root/.ssh/**)'],
    ['a runtime matcher without a condition', 'custom-rules:\n  - id: acme/x\n    severity: high\n    title: t\n    remediation: r\n    match:\n      runtime: {setting: privileged}\n', '.cis-docker-gate.yml:7 custom-rules[0].match.runtime: needs one condition: exists, matches or not-matches'],
    ['an example for the wrong target', 'custom-rules:\n  - id: acme/x\n    severity: high\n    title: t\n    remediation: r\n    match: {dockerfile: {command: curl}}\n    examples:\n      good:\n        - image: {config: {}}\n', '.cis-docker-gate.yml:9 custom-rules[0].examples.good[0].image: is not an example for a dockerfile rule'],
    ['a custom rule file that does not exist', 'custom-rules:\n  - rules/missing.yml\n', '.cis-docker-gate.yml:2 custom-rules[0]: cannot read rules/missing.yml (no such file or directory)'],
  ])('%s', (_what, text, message) => {
    const got = problem(text).message;
    if (typeof message === 'string') expect(got).toBe(message);
    else expect(got).toMatch(message);
  });

  test('a custom rule in a file of its own: the problem names that file and line', () => {
    const e = problem('custom-rules:\n  - policy/rules\n', {
      'policy/rules/a.yml': 'id: acme/a\nseverity: high\ntitle: t\nremediation: r\nmatch: {dockerfile: {command: curl}}\n',
      'policy/rules/b.yaml': 'id: acme/b\nseverity: urgent\ntitle: t\nremediation: r\nmatch: {dockerfile: {command: wget}}\n',
    });
    expect(e.message).toBe('policy/rules/b.yaml:2 severity: must be one of critical, high, medium, low, info');
  });
});
