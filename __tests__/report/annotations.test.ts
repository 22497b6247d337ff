/** Annotation choice: GitHub shows 10 per level per step, so the most severe are chosen and the rest counted. */
import { annotationLevel, selectAnnotations, toAnnotation } from '../../src/report/annotations.js';
import { finding, report, sev } from './fixtures.js';

test('critical and high are errors, medium and low warnings, info notices', () => {
  expect(['critical', 'high', 'medium', 'low', 'info'].map((s) => annotationLevel(s as never))).toEqual(['error', 'error', 'warning', 'warning', 'notice']);
});

test('at most 10 per level, most severe first; the rest are counted per level', () => {
  const findings = [
    ...Array.from({ length: 8 }, (_, i) => sev('high', { line: 100 + i })),
    ...Array.from({ length: 6 }, (_, i) => sev('critical', { line: 200 + i })),
    ...Array.from({ length: 12 }, (_, i) => sev('low', { line: 300 + i })),
    ...Array.from({ length: 3 }, (_, i) => sev('medium', { line: 400 + i })),
    ...Array.from({ length: 2 }, (_, i) => sev('info', { line: 500 + i })),
  ];
  const r = report(findings);
  const s = selectAnnotations(r, r.findings);
  const errors = s.annotations.filter((a) => a.level === 'error');
  expect(errors).toHaveLength(10);
  // all 6 critical are in, then the first 4 high by place
  expect(errors.filter((a) => a.finding.severity === 'critical')).toHaveLength(6);
  expect(errors.filter((a) => a.finding.severity === 'high').map((a) => a.startLine)).toEqual([100, 101, 102, 103]);
  const warnings = s.annotations.filter((a) => a.level === 'warning');
  expect(warnings).toHaveLength(10);
  expect(warnings.filter((a) => a.finding.severity === 'medium')).toHaveLength(3); // medium before low
  expect(s.annotations.filter((a) => a.level === 'notice')).toHaveLength(2);
  expect(s.notAnnotated).toEqual({ error: 4, warning: 5, notice: 0 });
  expect(s.notAnnotatedTotal).toBe(9);
  // most severe first overall
  expect(s.annotations[0].finding.severity).toBe('critical');
});

test('suppressed, waived and baselined findings are not annotated', () => {
  const r = report([finding({ status: 'suppressed', statusReason: 'x' }), finding({ status: 'waived' }), finding({ status: 'baselined' }), finding()]);
  expect(selectAnnotations(r, r.findings).annotations).toHaveLength(1);
});

test('title names the CIS control and the rule; the message carries the remediation; columns only on one line', () => {
  const r = report([finding({ line: 4 })]);
  const a = toAnnotation(r, r.findings[0]);
  expect(a).toMatchObject({ level: 'error', title: 'CIS 4.1 · dockerfile/last-user-root', file: 'Dockerfile', startLine: 4, endLine: 4, startColumn: 1, endColumn: 9 });
  expect(a.message).toContain('USER root');
  expect(a.message).toContain('Remediation: End the final stage with USER 10001.');
  const multi = finding({ location: { file: 'Dockerfile', startLine: 2, startColumn: 5, endLine: 4, endColumn: 3 } });
  const b = toAnnotation(report([multi]), multi);
  expect(b).toMatchObject({ startLine: 2, endLine: 4 });
  expect(b.startColumn).toBeUndefined();
  const hygiene = finding({ cis: [], ruleId: 'dockerfile/maintainer' });
  expect(toAnnotation(report([hygiene]), hygiene).title).toBe('hygiene · dockerfile/maintainer');
});

test('a finding with no place in the repository is annotated without a file', () => {
  const f = finding({ location: { file: '/usr/bin/su', startLine: 0, startColumn: 0, endLine: 0, endColumn: 0 } });
  const a = toAnnotation(report([f]), f);
  expect(a.file).toBeUndefined();
  expect(a.startLine).toBeUndefined();
  expect(a.message).toContain('(found in /usr/bin/su)');
});

test('a finding shown on its target\'s anchor says where it really is', () => {
  const f = finding({ ruleId: 'runtime/privileged', target: 'runtime', location: { file: 'run-options', startLine: 2, startColumn: 1, endLine: 2, endColumn: 13 } });
  const r = report([f], { targets: [{ kind: 'runtime', name: 'runtime:app:1', anchor: { file: 'Dockerfile', startLine: 3, startColumn: 1, endLine: 3, endColumn: 20 } }] });
  const a = toAnnotation(r, f);
  expect(a).toMatchObject({ file: 'Dockerfile', startLine: 3 });
  expect(a.message).toMatch(/^the final stage runs as root: USER root \(found in run option 2\)\n\nRemediation: /);
  // a finding in a repository file is annotated on it, as before, with no such note
  expect(toAnnotation(report([finding({ line: 4 })]), finding({ line: 4 })).message).not.toContain('found in');
});
