/** changed-lines-only: the diff parser, git in a real repository, and the narrowed report. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { changedLines, introducedFindings, parseUnifiedDiff, scopeToChangedLines, type PullRequestRange } from '../../src/action/changed-lines.js';
import type { Config } from '../../src/config/config.js';
import { locatePolicyFile, resolvePolicy } from '../../src/config/resolve.js';
import { scan } from '../../src/gate/scan.js';
import { relativeRepoPath } from '../../src/report/view.js';
import { finding, report } from '../report/fixtures.js';

test('new-side ranges per file; pure deletions mark the lines around the gap; deleted files have none', () => {
  const diff = [
    'diff --git a/Dockerfile b/Dockerfile',
    'index 1..2 100644',
    '--- a/Dockerfile',
    '+++ b/Dockerfile',
    '@@ -3 +3 @@ FROM x',
    '-USER app',
    '+USER root',
    '@@ -10,0 +11,2 @@',
    '+RUN a',
    '+RUN b',
    '@@ -20,2 +22,0 @@',
    '-RUN c',
    '-RUN d',
    'diff --git a/new/Dockerfile b/new/Dockerfile',
    'new file mode 100644',
    '--- /dev/null',
    '+++ b/new/Dockerfile',
    '@@ -0,0 +1,3 @@',
    '+FROM a',
    '+USER root',
    '+CMD x',
    'diff --git a/gone b/gone',
    '--- a/gone',
    '+++ /dev/null',
    '@@ -1,2 +0,0 @@',
    '-a',
    '-b',
    'diff --git "a/sp\\303\\244ce/D\\"f" "b/sp\\303\\244ce/D\\"f"',
    '--- "a/sp\\303\\244ce/D\\"f"',
    '+++ "b/sp\\303\\244ce/D\\"f"',
    '@@ -1 +1 @@',
    '-x',
    '+y',
    '',
  ].join('\n');
  const lines = parseUnifiedDiff(diff);
  expect(lines.get('Dockerfile')).toEqual([
    [3, 3],
    [11, 12],
    [22, 23],
  ]);
  expect(lines.get('new/Dockerfile')).toEqual([[1, 3]]);
  expect(lines.has('gone')).toBe(false);
  expect(lines.get('späce/D"f')).toEqual([[1, 1]]);
});

describe('in a real git repository', () => {
  let dir: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } }).trim();
  let base: string;
  let head: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'changed-lines-'));
    git('init', '-q', '-b', 'main');
    writeFileSync(join(dir, 'Dockerfile'), 'FROM debian:12\nRUN useradd app\nUSER app\nCMD ["app"]\n');
    writeFileSync(join(dir, 'other.Dockerfile'), 'FROM debian:12\nUSER root\n');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    base = git('rev-parse', 'HEAD');
    git('checkout', '-q', '-b', 'feature');
    writeFileSync(join(dir, 'Dockerfile'), 'FROM debian:12\nRUN useradd app\nUSER root\nCMD ["app"]\nEXPOSE 22\n');
    git('commit', '-q', '-am', 'head');
    head = git('rev-parse', 'HEAD');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('with the head checked out: the lines since the merge base', () => {
    const r = changedLines(dir, { base, head });
    expect('lines' in r && Object.fromEntries(r.lines)).toEqual({ Dockerfile: [[3, 3], [5, 5]] });
  });

  test("with GitHub's merge commit checked out: the lines the merge brings over the base branch", () => {
    git('checkout', '-q', 'main');
    writeFileSync(join(dir, 'other.Dockerfile'), 'FROM debian:12\nUSER 10001\n');
    git('commit', '-q', '-am', 'base moves on');
    const newBase = git('rev-parse', 'HEAD');
    git('checkout', '-q', '--detach', newBase);
    git('merge', '-q', '--no-ff', '-m', 'merge', head);
    const r = changedLines(dir, { base: newBase, head });
    expect('lines' in r && Object.fromEntries(r.lines)).toEqual({ Dockerfile: [[3, 3], [5, 5]] });
    expect('from' in r && r.from).toBe(newBase);
    git('checkout', '-q', 'feature');
  });

  /** A pull request on a new branch from the base: the Dockerfile as `before` (its base commit), then as `after`. */
  function pullRequestOf(branch: string, before: string, after: string): PullRequestRange {
    git('checkout', '-q', '-b', branch, base);
    writeFileSync(join(dir, 'Dockerfile'), before);
    git('commit', '-q', '-am', 'before');
    const b = git('rev-parse', 'HEAD');
    writeFileSync(join(dir, 'Dockerfile'), after);
    git('commit', '-q', '-am', 'after');
    return { base: b, head: git('rev-parse', 'HEAD') };
  }

  /** Scans with `config` and narrows the report to the pull request, as the Action does. */
  async function narrowed(config: Config, pr: PullRequestRange) {
    const r = await scan(config);
    const repoPath = (f: string) => f.slice(dir.length + 1);
    const lines = changedLines(dir, pr);
    if (!('lines' in lines)) throw new Error(lines.error);
    const introduced = introducedFindings(r, dir, lines.from, config, repoPath);
    const { outside } = scopeToChangedLines(r, lines.lines, pr, repoPath, introduced);
    return { r, lines: lines.lines, introduced, outside };
  }

  test('a finding the pull request introduced off its changed lines (a deleted USER) is in scope', async () => {
    const pr = pullRequestOf('drop-user', 'FROM debian:12\nUSER root\nRUN setup\nUSER app\nCMD ["app"]\n', 'FROM debian:12\nUSER root\nRUN setup\nCMD ["app"]\n');
    const config = { dockerfiles: [join(dir, 'Dockerfile'), join(dir, 'other.Dockerfile')], buildArgs: {}, failOn: 'high' as const, profile: 'cis-level-1' as const, ruleOptions: {}, disabled: [] };
    const { r, introduced, outside } = await narrowed(config, pr);
    const rootUser = r.findings.find((f) => f.ruleId === 'dockerfile/last-user-root' && f.location.file.endsWith('/Dockerfile'))!;
    expect(rootUser.location.startLine).toBe(2);
    const untouched = r.findings.find((f) => f.ruleId === 'dockerfile/last-user-root' && f.location.file.endsWith('other.Dockerfile'))!;
    expect(introduced.has(rootUser.fingerprint)).toBe(true);
    expect(introduced.has(untouched.fingerprint)).toBe(false);
    expect(outside.has(rootUser.fingerprint)).toBe(false);
    expect(outside.has(untouched.fingerprint)).toBe(true);
    git('checkout', '-q', 'feature');
  });

  test('custom rules are judged as the scan judges them: a custom finding on an unchanged line is not introduced', async () => {
    const pr = pullRequestOf(
      'custom-rule',
      'FROM debian:12\nRUN curl -fsS https://example.com/setup\nRUN useradd app\nUSER app\nCMD ["app"]\n',
      'FROM debian:12\nRUN curl -fsS https://example.com/setup\nRUN useradd app\nUSER app\nCMD ["app", "--serve"]\n',
    );
    const policyDir = mkdtempSync(join(tmpdir(), 'changed-lines-policy-'));
    try {
      writeFileSync(join(policyDir, 'policy.yml'), 'custom-rules:\n  - {id: acme/no-curl, severity: high, title: t, remediation: r, match: {dockerfile: {command: curl}}}\n');
      const given: Config = { dockerfiles: [join(dir, 'Dockerfile')], buildArgs: {}, failOn: 'high', profile: 'cis-level-1', ruleOptions: {}, disabled: [], configFile: join(policyDir, 'policy.yml') };
      const { r, lines, introduced, outside } = await narrowed(resolvePolicy(given, locatePolicyFile(given)), pr);
      const curl = r.findings.find((f) => f.ruleId === 'acme/no-curl')!;
      expect(curl.location.startLine).toBe(2);
      expect(Object.fromEntries(lines)).toEqual({ Dockerfile: [[5, 5]] });
      expect(introduced.has(curl.fingerprint)).toBe(false);
      expect(outside.has(curl.fingerprint)).toBe(true);
    } finally {
      rmSync(policyDir, { recursive: true, force: true });
      git('checkout', '-q', 'feature');
    }
  });

  test('a commit that is not in the checkout is an error that says what to do', () => {
    const r = changedLines(dir, { base: 'f'.repeat(40), head });
    expect('error' in r && r.error).toMatch(/is not in the checkout .*fetch-depth: 0/);
  });

  test('not a repository', () => {
    const plain = mkdtempSync(join(tmpdir(), 'not-git-'));
    try {
      expect(changedLines(plain, { base, head })).toEqual({ error: `${plain} is not a git work tree` });
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });
});

test('the narrowed report gates only open findings on changed lines and keeps every finding', () => {
  const onChanged = finding({ line: 3, severity: 'high' });
  const elsewhere = finding({ line: 1, severity: 'critical' });
  const otherFile = finding({ file: 'b/Dockerfile', line: 3, severity: 'critical' });
  const multiLine = finding({ location: { file: 'Dockerfile', startLine: 8, startColumn: 1, endLine: 11, endColumn: 2 }, severity: 'low' });
  const r = report([onChanged, elsewhere, otherFile, multiLine]);
  const { report: scoped, outside } = scopeToChangedLines(r, new Map([['Dockerfile', [[3, 3], [10, 10]]]]), { base: 'b', head: 'h' }, relativeRepoPath);
  expect(scoped.findings).toHaveLength(4);
  expect([...outside].sort()).toEqual([elsewhere.fingerprint, otherFile.fingerprint].sort());
  expect(scoped.counts).toMatchObject({ critical: 0, high: 1, low: 1 });
  expect(scoped.passed).toBe(false);
  expect(scoped.changedLinesOnly).toEqual({ base: 'b', head: 'h', outside: 2 });
  const { report: none } = scopeToChangedLines(report([elsewhere]), new Map(), { base: 'b', head: 'h' }, relativeRepoPath);
  expect(none.passed).toBe(true);
});
