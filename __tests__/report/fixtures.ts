/** Small hand-made reports for the renderer tests, independent of which rules exist. */
import { buildReport, type Report, type ReportTarget } from '../../src/report/report.js';
import type { FailOn } from '../../src/policy/threshold.js';
import type { Finding, RuleVerdict, Severity } from '../../src/types.js';

let n = 0;

export function finding(o: Partial<Finding> & { line?: number; file?: string } = {}): Finding {
  const line = o.line ?? 1;
  const { line: _l, file, ...rest } = o;
  void _l;
  return {
    ruleId: 'dockerfile/last-user-root',
    cis: ['4.1'],
    severity: 'high',
    target: 'dockerfile',
    title: 'The final stage switches back to root',
    message: 'the final stage runs as root: USER root',
    remediation: 'End the final stage with USER 10001.',
    location: { file: file ?? 'Dockerfile', startLine: line, startColumn: 1, endLine: line, endColumn: 10 },
    status: 'open',
    fingerprint: `fp-${++n}`,
    ...rest,
  };
}

export function verdict(o: Partial<RuleVerdict> = {}): RuleVerdict {
  return {
    id: 'dockerfile/last-user-root',
    target: 'dockerfile',
    cis: ['4.1'],
    level: 1,
    severity: 'high',
    title: 'The final stage switches back to root',
    status: 'pass',
    subject: 'Dockerfile',
    ...o,
  };
}

export function report(findings: Finding[], o: { failOn?: FailOn; rules?: RuleVerdict[]; targets?: ReportTarget[] } = {}): Report {
  const targets = o.targets ?? [{ kind: 'dockerfile', name: 'Dockerfile', stage: 'final' }];
  const rules =
    o.rules ??
    [...new Set(findings.map((f) => f.ruleId))].map((id) => {
      const f = findings.find((x) => x.ruleId === id)!;
      return verdict({ id, cis: f.cis, severity: f.severity, title: f.title, status: 'fail', subject: targets[0].name });
    });
  return buildReport('0.0.0-test', o.failOn ?? 'high', targets, rules, findings);
}

export const sev = (severity: Severity, o: Partial<Finding> & { line?: number; file?: string } = {}) => finding({ severity, ...o });
