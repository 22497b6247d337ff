/** The runtime flags of the CLI: bad input is a located error and exit 2, before anything is built or started. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, USAGE } from '../../src/cli/main.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cdg-rt-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { write: (s: string) => (out += s) }, { write: (s: string) => (err += s) });
  return { code, out, err };
}

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

test('the help lists the runtime options', () => {
  for (const flag of ['--compose FILE', '--service NAME', '--run-option OPT', '--no-runtime', '--runtime-network NAME', '--runtime-timeout S', '--runtime-command CMD', '--hardening-trial', '--trial-user USER']) {
    expect(USAGE).toContain(flag);
  }
});

test.each([
  ['a compose file that is not YAML', () => ['--compose', file('bad.yml', 'services:\n  app: [\n')], /^cis-docker-gate: .*bad\.yml:3:1: not valid YAML: /],
  ['a service that does not exist', () => ['--compose', file('one.yml', 'services:\n  web:\n    image: x\n'), '--service', 'api'], /^cis-docker-gate: .*one\.yml: no service "api" \(services: web\)$/],
  ['a value of the wrong type in the compose file', () => ['--compose', file('type.yml', 'services:\n  web:\n    read_only: sometimes\n')], /^cis-docker-gate: .*type\.yml:3:16: services\.web\.read_only: expected true or false, got "sometimes"$/],
  ['a compose file that does not exist', () => ['--compose', join(dir, 'missing.yml')], /^cis-docker-gate: --compose .*missing\.yml: cannot read it \(no such file\)$/],
  ['an unknown run option', () => ['--run-option=--read-only', '--run-option=--frobnicate'], /^cis-docker-gate: run option 2: unknown option --frobnicate /],
  ['a run option value of the wrong type', () => ['--run-option=--memory=lots'], /^cis-docker-gate: run option 1: --memory: "lots" is not a size \(e\.g\. 512m, 1g\)$/],
  ['a positional run option', () => ['--run-option', 'nginx'], /^cis-docker-gate: run option 1: "nginx" is not an option/],
  ['both kinds of profile', () => ['--compose', file('x.yml', 'services:\n  a: {}\n'), '--run-option=--read-only'], /declare the runtime profile one way/],
  ['--service without --compose', () => ['--dockerfile', file('Dockerfile', 'FROM scratch\n'), '--service', 'web'], /^cis-docker-gate: --service names a service of a compose file: give --compose FILE too$/],
  ['a bad timeout', () => ['--run-option=--read-only', '--runtime-timeout', 'soon'], /^cis-docker-gate: --runtime-timeout: "soon" is not a number of seconds from 1 to 3600$/],
  ['a bad command', () => ['--run-option=--read-only', '--runtime-command', '["sleep", 60]'], /^cis-docker-gate: --runtime-command: "\["sleep", 60\]" is not a JSON list of strings$/],
  ['the host network', () => ['--run-option=--read-only', '--runtime-network', 'host'], /^cis-docker-gate: --runtime-network host: refused/],
])('%s: exit 2 with a located message', async (_what, args, message) => {
  const r = await cli(['scan', ...args()]);
  expect(r.err.trim()).toMatch(message);
  expect(r.code).toBe(2);
});

test('a compose file alone is a target: the declared settings are judged on their lines, the probes say why they did not run', async () => {
  const compose = file('compose.yml', 'services:\n  web:\n    image: web:1\n    privileged: true\n');
  const r = await cli(['scan', '--compose', compose, '--format', 'json', '--fail-on', 'never']);
  expect(r.code).toBe(0);
  const report = JSON.parse(r.out);
  expect(report.targets).toEqual([{ kind: 'runtime', name: `runtime:${compose}#web`, anchor: expect.objectContaining({ file: compose, startLine: 2 }) }]);
  expect(report.findings.find((f: { ruleId: string }) => f.ruleId === 'runtime/privileged')).toMatchObject({ location: { file: compose, startLine: 4 }, severity: 'critical' });
  expect(report.rules.find((v: { id: string }) => v.id === 'runtime/root-process')).toMatchObject({ status: 'skip', reason: expect.stringMatching(/^no image to run/) });
});
