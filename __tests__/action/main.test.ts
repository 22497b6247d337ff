/** The Action's edge with @actions/core and @actions/github mocked the ESM way; the gate itself is real. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mockActionsToolkit, runnerEnv, workspace } from './mocks.js';

const { core, github, lifecycle } = mockActionsToolkit();
const { run } = await import('../../src/action/main.js');

const ROOT = 'FROM debian:12\nRUN useradd app\nUSER root\n';
const GOOD = 'FROM debian:12@sha256:' + 'a'.repeat(64) + '\nUSER 10001\nHEALTHCHECK CMD ["/app/health"]\nCMD ["/app/run"]\n';

function setup(files: Record<string, string>, inputs: Record<string, string> = {}, env: Record<string, string | undefined> = {}): string {
  const ws = workspace(files);
  lifecycle.onUndo(runnerEnv(ws, env));
  Object.assign(core.inputs, { 'github-token': 'ghs_test', ...inputs });
  return ws;
}

const failedWith = () => (core.setFailed.mock.calls[0]?.[0] as string | undefined) ?? '';

describe('the gate', () => {
  test('a root USER fails the step with a one-line reason, an error annotation on its line, and outputs', async () => {
    setup({ Dockerfile: ROOT });
    expect(await run()).toBe(1);
    expect(process.exitCode).toBe(1);
    expect(failedWith()).toMatch(/^cis-docker-gate: gate failed: \d+ open findings? at or above high \(.*\); the first: dockerfile\/last-user-root at Dockerfile:3$/);
    expect(failedWith()).not.toContain('\n');
    const call = core.error.mock.calls.find((c) => (c[1] as { title?: string })?.title === 'CIS 4.1 · dockerfile/last-user-root');
    expect(call).toBeDefined();
    expect(call![1]).toEqual({ title: 'CIS 4.1 · dockerfile/last-user-root', file: 'Dockerfile', startLine: 3, endLine: 3, startColumn: 1, endColumn: 9 });
    expect(call![0]).toMatch(/USER root[\s\S]*Remediation: /);
    expect(core.outputs.passed).toBe('false');
    expect(Number(core.outputs.high)).toBeGreaterThanOrEqual(1);
    expect(Number(core.outputs['findings-count'])).toBe(['critical', 'high', 'medium', 'low', 'info'].reduce((n, s) => n + Number(core.outputs[s]), 0));
    for (const o of ['sarif-file', 'json-file', 'summary-markdown']) expect(existsSync(core.outputs[o])).toBe(true);
    const json = JSON.parse(readFileSync(core.outputs['json-file'], 'utf8'));
    expect(json.passed).toBe(false);
    expect(core.summary.text.startsWith('## ❌ CIS Docker gate failed')).toBe(true);
    expect(readFileSync(core.outputs['summary-markdown'], 'utf8')).toBe(core.summary.text);
  });

  test('a clean Dockerfile passes: no failure, passed=true', async () => {
    setup({ Dockerfile: GOOD });
    expect(await run()).toBe(0);
    expect(core.setFailed).not.toHaveBeenCalled();
    expect(core.outputs.passed).toBe('true');
    expect(core.outputs.high).toBe('0');
    expect(core.summary.text.startsWith('## ✅ CIS Docker gate passed')).toBe(true);
  });

  test('fail-on: never reports only', async () => {
    setup({ Dockerfile: ROOT }, { 'fail-on': 'never' });
    expect(await run()).toBe(0);
    expect(core.setFailed).not.toHaveBeenCalled();
    expect(core.outputs.passed).toBe('true');
    expect(core.error).toHaveBeenCalled();
  });

  test('fail-on: critical lets a high finding pass', async () => {
    setup({ Dockerfile: ROOT }, { 'fail-on': 'CRITICAL' });
    expect(await run()).toBe(0);
    expect(core.outputs.passed).toBe('true');
  });

  test('report-severity hides lower findings from annotations, never those that fail the gate', async () => {
    setup({ Dockerfile: ROOT }, { 'report-severity': 'critical', 'fail-on': 'high' });
    await run();
    const levels = [...core.error.mock.calls, ...core.warning.mock.calls, ...core.notice.mock.calls].map((c) => (c[1] as { title: string }).title);
    expect(levels).toContain('CIS 4.1 · dockerfile/last-user-root');
    expect(core.warning).not.toHaveBeenCalled();
    expect(core.notice).not.toHaveBeenCalled();
    const sarif = JSON.parse(readFileSync(core.outputs['sarif-file'], 'utf8'));
    expect(sarif.runs[0].results.every((r: { level: string }) => r.level === 'error')).toBe(true);
  });

  test('at most 10 error annotations; the summary counts the rest and says where they are', async () => {
    const files = Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`svc${String(i).padStart(2, '0')}/Dockerfile`, ROOT]));
    setup(files, { dockerfile: 'svc*/Dockerfile', 'report-severity': 'high' });
    await run();
    expect(core.error).toHaveBeenCalledTimes(10);
    expect(core.summary.text).toMatch(/GitHub shows at most 10 annotations of each level per step: 4 findings \(4 errors\) were not annotated/);
    expect(core.summary.text).toContain('the SARIF file');
  });

  test('annotations: off writes none and says so', async () => {
    setup({ Dockerfile: ROOT }, { annotations: 'off' });
    await run();
    expect(core.error).not.toHaveBeenCalled();
    expect(core.warning).not.toHaveBeenCalled();
    expect(core.summary.text).toContain('Annotations are turned off');
  });

  test('sarif-file and json-file go where the inputs say, relative to the workspace', async () => {
    const ws = setup({ Dockerfile: ROOT }, { 'sarif-file': 'reports/cis.sarif', 'json-file': 'reports/cis.json' });
    await run();
    expect(core.outputs['sarif-file']).toBe(join(ws, 'reports/cis.sarif'));
    expect(JSON.parse(readFileSync(join(ws, 'reports/cis.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(existsSync(join(ws, 'reports/cis.json'))).toBe(true);
  });
});

describe('bad input: exit 2 and a message naming the input and the allowed values', () => {
  const cases: Array<[string, Record<string, string>, Record<string, string>, RegExp]> = [
    ['fail-on: urgent', { 'fail-on': 'urgent' }, {}, /^cis-docker-gate: input fail-on: "urgent" is not one of critical, high, medium, low, info, never$/],
    ['report-severity: loud', { 'report-severity': 'loud' }, {}, /input report-severity: "loud" is not one of critical, high, medium, low, info$/],
    ['profile: strict', { profile: 'strict' }, {}, /input profile: "strict" is not one of cis-level-1, cis-level-2, all$/],
    ['annotations: maybe', { annotations: 'maybe' }, {}, /input annotations: "maybe" is not one of true, on, yes, false, off, no$/],
    ['pull: sometimes', { pull: 'sometimes' }, {}, /input pull: "sometimes" is not one of always, missing, never$/],
    ['a glob matching nothing', { dockerfile: 'nope/**/Dockerfile' }, {}, /input dockerfile: the glob "nope\/\*\*\/Dockerfile" matches no file in /],
    ['a missing Dockerfile', { dockerfile: 'Dockerfile.prod' }, {}, /input dockerfile: "Dockerfile.prod" does not exist in /],
    ['an unreadable config', { config: 'missing.yml' }, {}, /input config: cannot read "missing.yml" \(no such file or directory\)$/],
    ['a bad build arg', { 'build-args': 'not a pair' }, {}, /input build-args: "not a pair" is not NAME=VALUE/],
    ['service without compose-file', { service: 'web' }, {}, /input service: names a service of compose-file, which is not set/],
  ];
  test.each(cases)('%s', async (_name, inputs, files, message) => {
    setup({ Dockerfile: ROOT, ...files }, inputs);
    expect(await run()).toBe(2);
    expect(process.exitCode).toBe(2);
    expect(failedWith()).toMatch(message);
    expect(failedWith()).not.toMatch(/\n\s+at /); // never a stack trace
    expect(core.outputs.passed).toBeUndefined();
    expect(core.summary.text).toContain('Configuration error (exit 2)');
  });

  test('a missing GITHUB_OUTPUT', async () => {
    setup({ Dockerfile: ROOT }, {}, { GITHUB_OUTPUT: undefined });
    expect(await run()).toBe(2);
    expect(failedWith()).toMatch(/^cis-docker-gate: GITHUB_OUTPUT is not set: /);
  });

  test('a Dockerfile that is a binary file', async () => {
    setup({ Dockerfile: 'FROM a\0b' });
    expect(await run()).toBe(2);
    expect(failedWith()).toMatch(/is a binary file/);
  });
});

describe('check run (opt-in)', () => {
  const files = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`s${String(i).padStart(2, '0')}/Dockerfile`, ROOT]));

  test('every annotation, 50 per request, on the pull request head sha; completed by the last request', async () => {
    setup(files, { dockerfile: '*/Dockerfile', 'check-run': 'true', 'report-severity': 'high' });
    github.context.payload = { pull_request: { number: 7, base: { sha: 'b'.repeat(40) }, head: { sha: 'h'.repeat(40) } } };
    github.api.checks.create.mockResolvedValue({ data: { id: 42 } } as never);
    github.api.checks.update.mockResolvedValue({ data: {} } as never);
    await run();
    expect(github.getOctokit).toHaveBeenCalledWith('ghs_test');
    const created = github.api.checks.create.mock.calls[0][0] as unknown as Record<string, any>;
    expect(created).toMatchObject({ owner: 'octo', repo: 'app', name: 'CIS Docker gate', head_sha: 'h'.repeat(40), status: 'in_progress' });
    expect(created.output.annotations).toHaveLength(50);
    expect(created.output.annotations[0]).toMatchObject({ path: 's00/Dockerfile', start_line: 3, end_line: 3, annotation_level: 'failure', title: 'CIS 4.1 · dockerfile/last-user-root' });
    const updates = github.api.checks.update.mock.calls.map((c) => c[0] as unknown as Record<string, any>);
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ check_run_id: 42, status: 'completed', conclusion: 'failure' });
    expect(updates[0].output.annotations).toHaveLength(10);
    expect(core.error).toHaveBeenCalledTimes(10); // the workflow-command annotations are still capped
  });

  test('a 403 (a fork pull request) becomes a notice in the summary, not a failure of its own', async () => {
    setup({ Dockerfile: GOOD }, { 'check-run': 'true' });
    github.api.checks.create.mockRejectedValue(Object.assign(new Error('Resource not accessible by integration'), { status: 403 }) as never);
    expect(await run()).toBe(0);
    expect(core.setFailed).not.toHaveBeenCalled();
    expect(core.summary.text).toContain('The check run was not published: the token may not write here (HTTP 403)');
    expect(core.summary.text).toContain('permissions: checks: write');
  });

  test('any other API error is a notice too', async () => {
    setup({ Dockerfile: GOOD }, { 'check-run': 'true' });
    github.api.checks.create.mockRejectedValue(Object.assign(new Error('Server Error'), { status: 502 }) as never);
    expect(await run()).toBe(0);
    expect(core.summary.text).toContain('The check run was not published (HTTP 502: Server Error)');
  });
});

describe('sticky pull-request comment (opt-in)', () => {
  const pr = { pull_request: { number: 9, base: { sha: 'b'.repeat(40) }, head: { sha: 'h'.repeat(40) } } };

  test('created once, then found by its hidden marker and updated', async () => {
    setup({ Dockerfile: ROOT }, { 'pr-comment': 'true' });
    github.context.payload = pr;
    github.api.issues.listComments.mockResolvedValue({ data: [{ id: 1, body: 'LGTM' }] } as never);
    github.api.issues.createComment.mockResolvedValue({ data: { id: 5 } } as never);
    await run();
    const created = github.api.issues.createComment.mock.calls[0][0] as unknown as { issue_number: number; body: string };
    expect(created.issue_number).toBe(9);
    expect(created.body).toMatch(/^<!-- cis-docker-gate:pr-comment CI\/scan\/[0-9a-f]{8} -->\n## ❌ CIS Docker gate failed/);
    const marker = created.body.split('\n')[0];

    core.reset();
    Object.assign(core.inputs, { 'github-token': 'ghs_test', 'pr-comment': 'true' });
    github.api.issues.listComments.mockResolvedValue({ data: [{ id: 1, body: 'LGTM' }, { id: 5, body: created.body }] } as never);
    github.api.issues.updateComment.mockResolvedValue({ data: {} } as never);
    await run();
    expect(github.api.issues.createComment).toHaveBeenCalledTimes(1);
    const updated = github.api.issues.updateComment.mock.calls[0][0] as unknown as { comment_id: number; body: string };
    expect(updated.comment_id).toBe(5);
    expect(updated.body.startsWith(marker)).toBe(true);
    expect(github.octokit.paginate).toHaveBeenCalled();
  });

  test('outside a pull request there is nothing to comment on', async () => {
    setup({ Dockerfile: GOOD }, { 'pr-comment': 'true' });
    await run();
    expect(github.api.issues.createComment).not.toHaveBeenCalled();
    expect(core.summary.text).toContain('this run is not for a pull request');
  });

  test('a 403 becomes a notice', async () => {
    setup({ Dockerfile: GOOD }, { 'pr-comment': 'true' });
    github.context.payload = pr;
    github.api.issues.listComments.mockRejectedValue(Object.assign(new Error('Resource not accessible by integration'), { status: 403 }) as never);
    expect(await run()).toBe(0);
    expect(core.summary.text).toContain('The pull-request comment was not posted: the token may not write here (HTTP 403)');
    expect(core.summary.text).toContain('permissions: pull-requests: write');
  });
});
