/** Inputs: validation messages, defaults, and the dockerfile input's paths and globs. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandDockerfiles } from '../../src/action/dockerfiles.js';
import { readInputs, toConfig } from '../../src/action/inputs.js';
import { GateError } from '../../src/types.js';

let ws: string;
beforeAll(() => {
  ws = mkdtempSync(join(tmpdir(), 'inputs-'));
  for (const f of ['Dockerfile', 'svc/a/Dockerfile', 'svc/b/Dockerfile', 'svc/b/Dockerfile.dev', 'svc/c/build.Dockerfile', 'node_modules/x/Dockerfile', '.git/Dockerfile', 'test/Dockerfile']) {
    mkdirSync(join(ws, f, '..'), { recursive: true });
    writeFileSync(join(ws, f), 'FROM a\n');
  }
});
afterAll(() => rmSync(ws, { recursive: true, force: true }));

const get = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? '';
const rel = (files: string[]) => files.map((f) => f.slice(ws.length + 1));

test('defaults: Dockerfile at the root, fail-on high, annotations on, everything else off', () => {
  const i = readInputs(get({}));
  expect(i).toMatchObject({ dockerfile: [], annotations: true, changedLinesOnly: false, checkRun: false, prComment: false, build: false, hardeningTrial: false });
  const c = toConfig(i, ws);
  expect(rel(c.dockerfiles.map((d) => (d.startsWith('/') ? d : join(process.cwd(), d))))).toEqual(['Dockerfile']);
  expect(c).toMatchObject({ failOn: 'high', profile: 'cis-level-1', buildArgs: {} });
  expect(c.reportSeverity).toBeUndefined();
});

test('booleans accept true/false/on/off/yes/no in any case', () => {
  for (const [v, b] of [['TRUE', true], ['On', true], ['yes', true], ['false', false], ['OFF', false], ['no', false]] as const) {
    expect(readInputs(get({ 'check-run': v })).checkRun).toBe(b);
  }
});

test.each([
  ['fail-on', 'urgent', 'input fail-on: "urgent" is not one of critical, high, medium, low, info, never'],
  ['report-severity', 'warning', 'input report-severity: "warning" is not one of critical, high, medium, low, info'],
  ['changed-lines-only', '1', 'input changed-lines-only: "1" is not one of true, on, yes, false, off, no'],
  ['pull', 'later', 'input pull: "later" is not one of always, missing, never'],
])('%s: %s', (name, value, message) => {
  expect(() => readInputs(get({ [name]: value }))).toThrow(new GateError(message, 2));
});

describe('the dockerfile input', () => {
  test('one path, several lines, globs, excludes; node_modules and .git are never searched', () => {
    expect(rel(expandDockerfiles(['Dockerfile'], ws))).toEqual(['Dockerfile']);
    expect(rel(expandDockerfiles(['svc/a/Dockerfile', 'Dockerfile', 'svc/a/Dockerfile'], ws))).toEqual(['svc/a/Dockerfile', 'Dockerfile']);
    expect(rel(expandDockerfiles(['**/Dockerfile'], ws))).toEqual(['Dockerfile', 'svc/a/Dockerfile', 'svc/b/Dockerfile', 'test/Dockerfile']);
    expect(rel(expandDockerfiles(['**/*Dockerfile*', '!test/**', '!**/*.dev'], ws))).toEqual(['Dockerfile', 'svc/a/Dockerfile', 'svc/b/Dockerfile', 'svc/c/build.Dockerfile']);
    expect(rel(expandDockerfiles(['./svc/{a,b}/Dockerfile'], ws))).toEqual(['svc/a/Dockerfile', 'svc/b/Dockerfile']);
  });

  test('a directory means its Dockerfile', () => {
    expect(rel(expandDockerfiles(['svc/a'], ws))).toEqual(['svc/a/Dockerfile']);
    expect(() => expandDockerfiles(['svc/c'], ws)).toThrow(/input dockerfile: "svc\/c" is a directory without a Dockerfile/);
  });

  test('a glob matching nothing and a missing path are errors naming the input', () => {
    expect(() => expandDockerfiles(['docker/**/Dockerfile'], ws)).toThrow(new GateError(`input dockerfile: the glob "docker/**/Dockerfile" matches no file in ${ws}`, 2));
    expect(() => expandDockerfiles(['Containerfile'], ws)).toThrow(new GateError(`input dockerfile: "Containerfile" does not exist in ${ws}`, 2));
    expect(() => expandDockerfiles(['Dockerfile', '!Dockerfile'], ws)).toThrow(/every file it names is excluded/);
  });
});

test('file inputs are checked and resolved against the workspace', () => {
  expect(() => toConfig(readInputs(get({ config: 'nope.yml' })), ws)).toThrow(new GateError('input config: cannot read "nope.yml" (no such file or directory)', 2));
  expect(() => toConfig(readInputs(get({ config: 'svc' })), ws)).toThrow(/input config: "svc" is a directory; give a file/);
  expect(() => toConfig(readInputs(get({ context: 'Dockerfile', build: 'true' })), ws)).toThrow(/input context: "Dockerfile" is not a directory/);
  const c = toConfig(readInputs(get({ dockerfile: 'svc/a/Dockerfile', context: 'svc/a', build: 'true' })), ws);
  expect(c.build).toBe(true);
  expect(c.context).toMatch(/svc\/a$/);
});

test('with only image or runtime inputs, no Dockerfile is assumed', () => {
  const c = toConfig(readInputs(get({ image: 'nginx:1.27' })), ws);
  expect(c.dockerfiles).toEqual([]);
  expect(c.image).toBe('nginx:1.27');
});
