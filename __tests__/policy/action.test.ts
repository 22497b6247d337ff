/**
 * The policy file in the Action: the config input (or .cis-docker-gate.yml at the workspace root) is loaded,
 * inputs override it, the job summary shows every exception with its reason, owner and expiry and calls out
 * expired and stale waivers; `only` scans one target of a matrix; a bad file fails with file:line (exit 2).
 */
import { readFileSync } from 'node:fs';
import { mockActionsToolkit, runnerEnv, workspace } from '../action/mocks.js';

const { core, lifecycle } = mockActionsToolkit();
const { run } = await import('../../src/action/main.js');

const ROOT = 'FROM debian:12\nRUN useradd app\nUSER root\n';
const POLICY = [
  'fail-on: high',
  'targets:',
  '  - name: api',
  '    dockerfile: services/api/Dockerfile',
  '  - name: web',
  '    dockerfile: services/web/Dockerfile',
  'waivers:',
  '  - rule: DL3002',
  '    scope: services/api/Dockerfile',
  '    reason: root until the migration',
  '    expires: 2099-12-31',
  '    owner: "@api-team"',
  '    ticket: SEC-1',
  '  - rule: DL3002',
  '    scope: services/web/Dockerfile',
  '    reason: was needed once',
  '    expires: 2020-01-01',
  '    owner: "@web-team"',
  '  - rule: dockerfile/setuid-chmod',
  '    scope: "*"',
  '    reason: nothing does this any more',
  '    expires: 2099-12-31',
  '',
].join('\n');

const home = process.cwd();
/** A workspace, with the step running in it as on a runner (paths in the summary are relative to it). */
function setup(files: Record<string, string>, inputs: Record<string, string> = {}): string {
  const ws = workspace(files);
  const undo = runnerEnv(ws);
  process.chdir(ws);
  lifecycle.onUndo(() => {
    process.chdir(home);
    undo();
  });
  Object.assign(core.inputs, inputs);
  return ws;
}
const failedWith = () => String(core.setFailed.mock.calls[0]?.[0] ?? '');

test('.cis-docker-gate.yml at the workspace root: its targets, waivers and the summary of every exception', async () => {
  setup({ '.cis-docker-gate.yml': POLICY, 'services/api/Dockerfile': ROOT, 'services/web/Dockerfile': ROOT });
  expect(await run()).toBe(1); // web's waiver expired: its USER root counts again
  expect(failedWith()).toMatch(/^cis-docker-gate: gate failed: 1 open finding at or above high \(1 high\); the first: dockerfile\/last-user-root at services\/web\/Dockerfile:3$/);
  const md = core.summary.text;
  expect(md).toContain('⌛ 1 waiver expired, so its findings count again: `DL3002` in `services/web/Dockerfile`, expired 2020-01-01 (owner @web-team), `.cis-docker-gate.yml:14`.');
  expect(md).toContain('⚠️ 1 stale waiver matches no finding (remove it or fix the scope): `dockerfile/setuid-chmod` in `*`, `.cis-docker-gate.yml:19`.');
  expect(md).toContain('| ✅ applied | `DL3002` | `services/api/Dockerfile` | root until the migration | @api-team | 2099-12-31 | SEC-1 | 1 |');
  expect(md).toContain('| ⌛ expired | `DL3002` | `services/web/Dockerfile` | was needed once | @web-team | 2020-01-01 | — | 1 (count again) |');
  expect(md).toContain('| ⚠️ stale | `dockerfile/setuid-chmod` | `*` | nothing does this any more | — | 2099-12-31 | — | 0 |');
  expect(md).toContain('| fail-on | `high` | `.cis-docker-gate.yml:1` |');
  expect(md).toMatch(/\| waived \| high \| `dockerfile\/last-user-root` \| .* \| root until the migration \(owner @api-team, ticket SEC-1, expires 2099-12-31, waiver \.cis-docker-gate\.yml:8\) \|/);
  expect(md).toContain('· policy `.cis-docker-gate.yml`');
  const json = JSON.parse(readFileSync(core.outputs['json-file'], 'utf8'));
  expect(json.config.waivers.map((w: { status: string }) => w.status)).toEqual(['applied', 'expired', 'stale']);
});

test('inputs override the file; the summary says what they overrode', async () => {
  setup({ '.cis-docker-gate.yml': POLICY, 'services/api/Dockerfile': ROOT, 'services/web/Dockerfile': ROOT }, { 'fail-on': 'never' });
  expect(await run()).toBe(0);
  expect(core.summary.text).toContain('| fail-on | `never` | `input fail-on` (overrides high (.cis-docker-gate.yml:1)) |');
});

test('the config input names the file; only picks one target of it (a matrix job)', async () => {
  setup({ 'ci/policy.yml': POLICY.replace(/services\//g, '../services/'), 'services/api/Dockerfile': ROOT, 'services/web/Dockerfile': ROOT }, { config: 'ci/policy.yml', only: 'api' });
  expect(await run()).toBe(0);
  const json = JSON.parse(readFileSync(core.outputs['json-file'], 'utf8'));
  expect(json.targets.map((t: { policyTarget: string }) => t.policyTarget)).toEqual(['api']);
  expect(json.config.only).toEqual(['api']);
  expect(json.config.file).toBe('ci/policy.yml');
});

test('a bad policy file fails the step with its file, line and field (exit 2)', async () => {
  setup({ '.cis-docker-gate.yml': 'waivers:\n  - rule: DL3002\n    scope: "*"\n    reason: r\n    expires: tomorrow\n', Dockerfile: ROOT });
  expect(await run()).toBe(2);
  expect(failedWith()).toBe('cis-docker-gate: .cis-docker-gate.yml:5 waivers[0].expires: must be a date (YYYY-MM-DD)');
  expect(core.summary.text).toContain('Configuration error (exit 2)');
});

test('an unknown target for only, and a missing config file, are input errors', async () => {
  setup({ '.cis-docker-gate.yml': POLICY, 'services/api/Dockerfile': ROOT, 'services/web/Dockerfile': ROOT }, { only: 'nope' });
  expect(await run()).toBe(2);
  expect(failedWith()).toBe('cis-docker-gate: input only: "nope" is not a target of the policy file (targets: api, web)');
  lifecycle.undo();
  core.reset();
  setup({ Dockerfile: ROOT }, { config: 'missing.yml' });
  expect(await run()).toBe(2);
  expect(failedWith()).toBe('cis-docker-gate: input config: cannot read "missing.yml" (no such file or directory)');
});
