/** Provenance: history entries matched to the Dockerfile's final stage chain, BuildKit and legacy forms. */
import { parseDockerfile } from '../../src/dockerfile/parse.js';
import { historyKeyword, runLine } from '../../src/image/history.js';
import { matchHistory } from '../../src/image/provenance.js';
import { readHistory } from '../../src/image/model.js';

const df = parseDockerfile('FROM base AS b\nARG V=1\nRUN make\nFROM b\nCOPY a /a\nUSER app\n', 'Dockerfile');
const lines = (created: string[]) => matchHistory(readHistory(created.map((c) => ({ created_by: c })), 0).history, df).entries.map((e) => (e.instruction ? e.instruction.location.startLine : e.origin));

test('BuildKit history: base entries, then one entry per instruction of the chain', () => {
  expect(lines(['ADD file:abc in /', 'CMD ["sh"]', 'ARG V=1', 'RUN |1 V=1 /bin/sh -c make # buildkit', 'COPY a /a # buildkit', 'USER app'])).toEqual(['base', 'base', 2, 3, 5, 6]);
});

test('legacy history, and the gate build label the legacy builder appends', () => {
  expect(lines(['/bin/sh -c #(nop) ADD file:abc in / ', '/bin/sh -c #(nop)  ARG V=1', '|1 V=1 /bin/sh -c make', '/bin/sh -c #(nop) COPY file:1 in /a ', '/bin/sh -c #(nop)  USER app', '/bin/sh -c #(nop)  LABEL org.cis-docker-gate.created=true'])).toEqual(['base', 2, 3, 5, 6, 'user']);
});

test('an ARG without a history entry is allowed; a different image is not matched', () => {
  expect(lines(['ADD file:abc in /', 'RUN /bin/sh -c make # buildkit', 'COPY a /a # buildkit', 'USER app'])).toEqual(['base', 3, 5, 6]);
  const other = matchHistory(readHistory([{ created_by: 'ADD file:abc in /' }, { created_by: 'RUN /bin/sh -c npm ci # buildkit' }], 0).history, df);
  expect(other.reason).toMatch(/does not match Dockerfile: line 6 is USER/);
  expect(other.entries.every((e) => e.origin === 'unknown')).toBe(true);
});

test('created_by forms', () => {
  expect(historyKeyword('/bin/sh -c #(nop)  HEALTHCHECK &{["NONE"]}')).toBe('HEALTHCHECK');
  expect(historyKeyword('')).toBe('');
  expect(runLine('RUN |2 A=1 TOKEN=x /bin/bash -o pipefail -c apt-get update # buildkit')).toEqual({ body: 'apt-get update', buildArgs: [['A', '1'], ['TOKEN', 'x']] });
});
