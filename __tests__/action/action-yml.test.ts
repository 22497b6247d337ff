/** action.yml, the code that reads it, and README.md agree on every input and output. */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { readInputs } from '../../src/action/inputs.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const action = load(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
  name: string;
  description: string;
  branding: { icon: string; color: string };
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
};
const docs = readFileSync(join(ROOT, 'README.md'), 'utf8');

test('runs on node24 from the committed bundle, with branding and a description', () => {
  expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  expect(action.branding.icon).toBeTruthy();
  expect(action.branding.color).toBeTruthy();
  expect(action.description).toMatch(/CIS Docker Benchmark/);
});

test('every input the code reads is declared, and every declared input is read', () => {
  const read = new Set<string>();
  readInputs((name) => {
    read.add(name);
    return '';
  });
  expect([...read].sort()).toEqual(Object.keys(action.inputs).sort());
});

test('no input is required, so `uses: ./` with a Dockerfile needs nothing else', () => {
  for (const [name, spec] of Object.entries(action.inputs)) {
    expect([name, spec.required ?? false]).toEqual([name, false]);
    expect(spec.description.length).toBeGreaterThan(10);
  }
});

test('the outputs the code sets are declared', () => {
  expect(Object.keys(action.outputs).sort()).toEqual(['critical', 'findings-count', 'high', 'info', 'json-file', 'low', 'medium', 'passed', 'sarif-file', 'summary-markdown']);
});

test('README.md documents every input and output', () => {
  for (const name of Object.keys(action.inputs)) expect(docs).toContain(`| \`${name}\` |`);
  for (const name of Object.keys(action.outputs)) expect(docs).toMatch(new RegExp(`\\|[^\\n]*\`${name}\`[^\\n]*\\|`));
  for (const permission of ['checks: write', 'pull-requests: write', 'security-events: write']) expect(docs).toContain(permission);
});
