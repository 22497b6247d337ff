/** The CLI's JSON report is exactly what schema/report.schema.json documents, and it is consistent with itself. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsImport from 'ajv-formats';
import { buildBundle, removeBundle, runCli } from '../cli/run-cli.js';
import { loadCatalog } from '../../src/catalog/catalog.js';
import { SEVERITIES } from '../../src/types.js';

const addFormats = addFormatsImport as unknown as (ajv: Ajv) => Ajv;

interface Report {
  failOn: string;
  targets: { kind: string; name: string }[];
  rules: { id: string; status: string; subject: string }[];
  findings: { ruleId: string; severity: string; status: string; statusReason?: string; location: { file: string; startLine: number } }[];
  counts: Record<string, number>;
  passed: boolean;
}

let bundle: string;
let dir: string;
let validate: ValidateFunction;

beforeAll(() => {
  bundle = buildBundle();
  dir = mkdtempSync(join(tmpdir(), 'cdg-report-'));
  // Strict mode: a typo in the schema itself (an unknown keyword) fails here instead of silently allowing anything.
  const ajv = addFormats(new Ajv({ allErrors: true, strict: true, strictRequired: false }));
  validate = ajv.compile(JSON.parse(readFileSync('schema/report.schema.json', 'utf8')));
});
afterAll(() => {
  removeBundle(bundle);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** `scan --format json` through the CLI; returns the parsed report after checking the exit code against `passed`. */
function report(args: string[]): Report {
  const r = runCli(bundle, ['scan', '--format', 'json', ...args]);
  expect(r.stderr).toBe('');
  const parsed = JSON.parse(r.stdout) as Report;
  expect(r.status).toBe(parsed.passed ? 0 : 1);
  return parsed;
}

function expectValid(data: unknown) {
  const ok = validate(data);
  expect(ok ? [] : validate.errors).toEqual([]);
}

/** What the schema cannot say: counts, passed and verdicts agree with the findings. */
function expectConsistent(r: Report) {
  for (const s of SEVERITIES) expect(r.counts[s]).toBe(r.findings.filter((f) => f.status === 'open' && f.severity === s).length);
  const rank = (s: string) => SEVERITIES.length - SEVERITIES.indexOf(s as (typeof SEVERITIES)[number]);
  const failing = r.failOn !== 'never' && r.findings.some((f) => f.status === 'open' && rank(f.severity) >= rank(r.failOn));
  expect(r.passed).toBe(!failing);
  for (const f of r.findings) {
    expect(r.rules.find((v) => v.id === f.ruleId && v.subject === f.location.file)?.status).toBe('fail');
  }
  const dockerfileRules = loadCatalog().filter((rule) => rule.target === 'dockerfile').map((rule) => rule.id);
  for (const t of r.targets.filter((x) => x.kind === 'dockerfile')) {
    expect(r.rules.filter((v) => v.subject === t.name).map((v) => v.id).sort()).toEqual([...dockerfileRules].sort());
  }
}

describe('schema/report.schema.json', () => {
  test('examples/insecure.Dockerfile: a failing report validates', () => {
    const r = report(['--dockerfile', 'examples/insecure.Dockerfile', '--profile', 'all']);
    expectValid(r);
    expectConsistent(r);
    expect(r.passed).toBe(false);
    expect(r.findings.length).toBeGreaterThan(5);
    expect(r.rules.some((v) => v.status === 'pass')).toBe(true);
  });

  test('examples/hardened.Dockerfile: a passing report validates', () => {
    const r = report(['--dockerfile', 'examples/hardened.Dockerfile']);
    expectValid(r);
    expectConsistent(r);
    expect(r.passed).toBe(true);
  });

  test('both files in one report, fail-on never, and a suppressed finding with its reason', () => {
    const suppressed = join(dir, 'suppressed.Dockerfile');
    writeFileSync(suppressed, 'FROM debian:12.7-slim\n# cis-docker-gate ignore=dockerfile/last-user-root -- the entrypoint drops privileges\nUSER root\n');
    const r = report(['--dockerfile', 'examples/insecure.Dockerfile', '--dockerfile', 'examples/hardened.Dockerfile', '--dockerfile', suppressed, '--fail-on', 'never']);
    expectValid(r);
    expectConsistent(r);
    expect(r.targets.map((t) => t.name)).toEqual(['examples/insecure.Dockerfile', 'examples/hardened.Dockerfile', suppressed]);
    expect(r.findings.find((f) => f.location.file === suppressed && f.ruleId === 'dockerfile/last-user-root')).toMatchObject({
      status: 'suppressed',
      statusReason: 'line 2: the entrypoint drops privileges',
    });
  });

  test('the schema catches drift: an unknown field, a wrong enum, a missing reason', () => {
    const r = report(['--dockerfile', 'examples/insecure.Dockerfile']);
    expect(validate({ ...r, extra: 1 })).toBe(false);
    expect(validate({ ...r, findings: [{ ...r.findings[0], status: 'ignored' }] })).toBe(false);
    expect(validate({ ...r, findings: [{ ...r.findings[0], location: { ...r.findings[0].location, startLine: 0 } }] })).toBe(false);
    expect(validate({ ...r, rules: [{ ...r.rules[0], status: 'skip', reason: undefined }] })).toBe(false);
    expect(validate({ ...r, counts: { ...r.counts, urgent: 0 } })).toBe(false);
  });
});
