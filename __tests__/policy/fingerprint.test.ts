/**
 * Fingerprints are what a baseline remembers: they must survive lines inserted above a finding and whitespace
 * reformatting (indentation, runs of spaces, a RUN split over continuation lines or joined into one).
 */
import { loadCatalog } from '../../src/catalog/catalog.js';
import { checks } from '../../src/checks/index.js';
import { evaluateDockerfileText } from '../../src/gate/dockerfile.js';
import { fingerprint, normalize, spanText } from '../../src/policy/fingerprint.js';

const rules = loadCatalog();
const scan = (text: string) => evaluateDockerfileText(text, 'Dockerfile', rules, checks, { profile: 'all' }).findings;
const prints = (text: string) =>
  scan(text)
    .map((f) => `${f.ruleId} ${f.fingerprint}`)
    .sort();

const original = [
  'FROM debian:12',
  'RUN apt-get update && apt-get install -y curl && curl -k https://example.com/x.sh | sh',
  'ADD . /app',
  'USER root',
  '',
].join('\n');

test('the same Dockerfile gives the same fingerprints', () => {
  expect(prints(original)).toEqual(prints(original));
  expect(prints(original).length).toBeGreaterThan(4);
});

test('inserting lines above findings keeps every fingerprint', () => {
  const moved = ['# a comment', '', 'FROM debian:12', 'LABEL team=payments', 'WORKDIR /srv', ...original.split('\n').slice(1)].join('\n');
  expect(prints(moved)).toEqual(prints(original));
  // and the findings did move
  const line = (text: string) => scan(text).find((f) => f.ruleId === 'dockerfile/add-local')!.location.startLine;
  expect(line(moved) - line(original)).toBe(4);
});

test('reformatting whitespace keeps every fingerprint: indentation, spaces, a RUN split over lines', () => {
  const reformatted = [
    'FROM   debian:12',
    'RUN apt-get update \\',
    '    &&   apt-get install -y curl \\',
    '    && curl -k   https://example.com/x.sh \\',
    '       | sh',
    'ADD  .  /app',
    '   USER root',
    '',
  ].join('\n');
  expect(prints(reformatted)).toEqual(prints(original));
});

test('a changed instruction gets a new fingerprint', () => {
  const changed = original.replace('USER root', 'USER 0');
  const a = scan(original).filter((f) => f.ruleId === 'dockerfile/last-user-root');
  const b = scan(changed).filter((f) => f.ruleId === 'dockerfile/last-user-root');
  expect(a).toHaveLength(1);
  expect(b[0].fingerprint).not.toBe(a[0].fingerprint);
});

test('spanText cuts exactly the located text, across lines', () => {
  const lines = ['RUN a && \\', '    b -k x | sh'];
  expect(spanText(lines, { file: 'F', startLine: 2, startColumn: 5, endLine: 2, endColumn: 13 })).toBe('b -k x |'.slice(0, 8));
  expect(spanText(lines, { file: 'F', startLine: 1, startColumn: 5, endLine: 2, endColumn: 6 })).toBe('a && \\\n    b');
  expect(normalize(spanText(lines, { file: 'F', startLine: 1, startColumn: 1, endLine: 2, endColumn: 16 }))).toBe('RUN a && b -k x | sh');
  expect(fingerprint('r', 's', 'RUN  a\t&& b')).toBe(fingerprint('r', 's', 'RUN a && \\\n   b'));
});
