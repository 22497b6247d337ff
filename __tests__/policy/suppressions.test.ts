/** Inline suppressions: our syntax and hadolint's, Trivy's and Checkov's, resolved through the catalog's aliases. */
import { loadCatalog } from '../../src/catalog/catalog.js';
import { checks } from '../../src/checks/index.js';
import { evaluateDockerfileText } from '../../src/gate/dockerfile.js';
import { parseSuppression } from '../../src/policy/suppressions.js';
import { buildReport } from '../../src/report/report.js';

const rules = loadCatalog();
const evaluate = (lines: string[]) => evaluateDockerfileText(lines.join('\n') + '\n', 'Dockerfile', rules, checks, { profile: 'all' });
const of = (result: ReturnType<typeof evaluate>, ruleId: string) => result.findings.filter((f) => f.ruleId === ruleId);

/** A Dockerfile whose final stage runs as root: dockerfile/last-user-root on the USER line (3). */
const rootUser = (comment?: string) => ['FROM debian:12.7-slim', ...(comment === undefined ? [] : [comment]), 'USER root'];

describe('parseSuppression', () => {
  test.each([
    ['cis-docker-gate ignore=dockerfile/last-user-root -- runs as root on purpose', ['dockerfile/last-user-root'], 'runs as root on purpose'],
    ['cis-docker-gate ignore=dockerfile/no-user,DL3008 -- two at once', ['dockerfile/no-user', 'DL3008'], 'two at once'],
    ['cis-docker-gate ignore=dockerfile/no-user, DL3008 --  spaced', ['dockerfile/no-user', 'DL3008'], 'spaced'],
    ['cis-docker-gate ignore=dockerfile/no-user', ['dockerfile/no-user'], 'no reason given'],
    ['CIS-DOCKER-GATE IGNORE=dockerfile/no-user -- upper case', ['dockerfile/no-user'], 'upper case'],
    ['hadolint ignore=DL3002,DL3008', ['DL3002', 'DL3008'], 'hadolint ignore'],
    ['hadolint ignore=DL3002 -- hadolint has no reasons, we keep one', ['DL3002'], 'hadolint has no reasons, we keep one'],
    ['cis-docker-gate ignore=DL3002 reason without dashes', ['DL3002'], 'reason without dashes'],
    ['trivy:ignore:DS-0002', ['DS-0002'], 'trivy ignore'],
    ['trivy:ignore:AVD-DS-0002', ['DS-0002'], 'trivy ignore'],
    ['trivy:ignore:DS002', ['DS-0002'], 'trivy ignore'],
    ['trivy:ignore:AVD-DS-0002:exp:2030-01-01', ['DS-0002'], 'trivy ignore (until 2030-01-01)'],
    ['checkov:skip=CKV_DOCKER_8:the base image drops privileges', ['CKV_DOCKER_8'], 'the base image drops privileges'],
    ['checkov:skip=CKV_DOCKER_8', ['CKV_DOCKER_8'], 'checkov skip'],
  ])('%s', (text, ids, reason) => {
    expect(parseSuppression(` ${text}`, 7)).toEqual({ ids, reason, line: 7 });
  });

  test('global hadolint ignores are marked global; ordinary comments are not suppressions', () => {
    expect(parseSuppression('hadolint global ignore=DL3002', 1)).toEqual({ ids: ['DL3002'], reason: 'hadolint global ignore', line: 1, global: true });
    for (const text of ['ignore this', 'cis-docker-gate ignore=', 'hadolint ignore=', 'trivy:ignore', 'checkov:skip=', 'syntax=docker/dockerfile:1']) {
      expect(parseSuppression(text, 1)).toBeUndefined();
    }
  });
});

describe('suppressed findings', () => {
  test('without a comment the finding is open and fails the gate', () => {
    const result = evaluate(rootUser());
    expect(of(result, 'dockerfile/last-user-root')).toMatchObject([{ status: 'open', location: { startLine: 2 } }]);
    expect(buildReport('0.0.0', 'high', [], result.verdicts, result.findings).passed).toBe(false);
  });

  test.each([
    ['# cis-docker-gate ignore=dockerfile/last-user-root -- the entrypoint drops privileges', 'line 2: the entrypoint drops privileges'],
    ['# hadolint ignore=DL3002', 'line 2: hadolint ignore'],
    ['# trivy:ignore:DS-0002', 'line 2: trivy ignore'],
    ['#trivy:ignore:AVD-DS-0002', 'line 2: trivy ignore'],
    ['#checkov:skip=CKV_DOCKER_8:reviewed by security', 'line 2: reviewed by security'],
  ])('%s: stays in the report as suppressed with its reason, and does not fail the gate', (comment, reason) => {
    const result = evaluate(rootUser(comment));
    expect(of(result, 'dockerfile/last-user-root')).toMatchObject([{ status: 'suppressed', statusReason: reason, location: { startLine: 3 } }]);
    // The verdict stays honest: the rule failed; the finding is what the suppression changes.
    expect(result.verdicts.find((v) => v.id === 'dockerfile/last-user-root')?.status).toBe('fail');
    const report = buildReport('0.0.0', 'high', [], result.verdicts, result.findings);
    expect(report.counts.high).toBe(report.findings.filter((f) => f.status === 'open' && f.severity === 'high').length);
    expect(report.findings.some((f) => f.ruleId === 'dockerfile/last-user-root' && f.status === 'open')).toBe(false);
    expect(report.findings.filter((f) => f.status === 'open' && f.severity === 'high')).toEqual([]);
    expect(report.passed).toBe(true);
  });

  test('only the named rule is suppressed, only on the instruction right below', () => {
    const result = evaluate([
      'FROM debian:12.7-slim',
      '# hadolint ignore=DL3004',
      'USER root',
      'RUN sudo apt-get update',
    ]);
    expect(of(result, 'dockerfile/last-user-root')[0].status).toBe('open');
    expect(of(result, 'dockerfile/sudo-in-run')[0].status).toBe('open');
  });

  test('a blank line between the comment and the instruction breaks the link', () => {
    const result = evaluate(['FROM debian:12.7-slim', '# hadolint ignore=DL3002', '', 'USER root']);
    expect(of(result, 'dockerfile/last-user-root')[0].status).toBe('open');
  });

  test('a block of comments above an instruction all count; several ids in one comment', () => {
    const result = evaluate([
      'FROM debian:12.7-slim',
      '# cis-docker-gate ignore=dockerfile/sudo-in-run,DL3002 -- legacy image, tracked in JIRA-1',
      '# the next line is why',
      'USER root',
      '# hadolint ignore=DL3004',
      '# checkov:skip=CKV2_DOCKER_1:build-time only',
      'RUN sudo true',
    ]);
    expect(of(result, 'dockerfile/last-user-root')[0]).toMatchObject({ status: 'suppressed', statusReason: 'line 2: legacy image, tracked in JIRA-1' });
    expect(of(result, 'dockerfile/sudo-in-run')[0]).toMatchObject({ status: 'suppressed' });
  });

  test('a finding inside a multi-line RUN is suppressed by the comment above the RUN', () => {
    const result = evaluate([
      'FROM debian:12.7-slim',
      'USER app',
      '# hadolint ignore=DL3004',
      'RUN apt-get update \\',
      '  && sudo apt-get install -y --no-install-recommends curl \\',
      '  && rm -rf /var/lib/apt/lists/*',
    ]);
    expect(of(result, 'dockerfile/sudo-in-run')).toMatchObject([{ status: 'suppressed', location: { startLine: 5 } }]);
  });

  test('the missing-USER finding is reported at the final FROM and suppressed by a comment above it', () => {
    const open = evaluate(['FROM golang:1.22 AS build', 'USER builder', 'FROM debian:12.7-slim', 'CMD ["app"]']);
    expect(of(open, 'dockerfile/no-user')).toMatchObject([{ status: 'open', location: { startLine: 3 } }]);
    const result = evaluate([
      'FROM golang:1.22 AS build',
      'USER builder',
      '# cis-docker-gate ignore=dockerfile/no-user -- the init system switches to an unprivileged user',
      'FROM debian:12.7-slim',
      'CMD ["app"]',
    ]);
    expect(of(result, 'dockerfile/no-user')).toMatchObject([
      { status: 'suppressed', statusReason: 'line 3: the init system switches to an unprivileged user', location: { startLine: 4 } },
    ]);
  });

  test('a Trivy id shared by two rules suppresses both where both apply', () => {
    const result = evaluate(['FROM debian:12.7-slim', '# trivy:ignore:DS002', 'USER root']);
    expect(of(result, 'dockerfile/last-user-root')[0].status).toBe('suppressed');
  });

  test('hadolint global ignore applies to the whole file', () => {
    const result = evaluate(['# hadolint global ignore=DL3004', 'FROM debian:12.7-slim', 'USER app', 'RUN sudo true', 'RUN sudo false']);
    expect(of(result, 'dockerfile/sudo-in-run').map((f) => f.status)).toEqual(['suppressed', 'suppressed']);
  });

  test('an id no rule knows suppresses nothing', () => {
    const result = evaluate(rootUser('# cis-docker-gate ignore=dockerfile/does-not-exist -- typo'));
    expect(of(result, 'dockerfile/last-user-root')[0].status).toBe('open');
  });
});

describe('comments at the top of the file', () => {
  test('a suppression on line 1, above the only FROM, is a comment and not a parser directive', () => {
    const result = evaluate(['# cis-docker-gate ignore=dockerfile/no-user -- distroless nonroot base', 'FROM gcr.io/distroless/static:nonroot', 'CMD ["/app"]']);
    expect(of(result, 'dockerfile/no-user')).toMatchObject([{ status: 'suppressed', statusReason: 'line 1: distroless nonroot base' }]);
  });
});
