/** The Report: everything a scan decided, in the shape the JSON report documents (schema/report.schema.json). */
import { SEVERITIES, type Finding, type RuleVerdict, type Severity } from '../types.js';
import { gatePassed, type FailOn } from '../policy/threshold.js';

export interface ReportTarget {
  kind: 'dockerfile' | 'image' | 'runtime' | 'host';
  name: string;
  /** The stage judged, for a Dockerfile. */
  stage?: string;
}

export interface Report {
  tool: { name: string; version: string };
  failOn: FailOn;
  targets: ReportTarget[];
  rules: RuleVerdict[];
  findings: Finding[];
  /** Open findings per severity. */
  counts: Record<Severity, number>;
  passed: boolean;
}

export const TOOL_NAME = 'cis-docker-gate';

export function buildReport(version: string, failOn: FailOn, targets: ReportTarget[], rules: RuleVerdict[], findings: Finding[]): Report {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) if (f.status === 'open') counts[f.severity]++;
  const sorted = [...findings].sort(
    (a, b) =>
      a.location.file.localeCompare(b.location.file) ||
      a.location.startLine - b.location.startLine ||
      a.location.startColumn - b.location.startColumn ||
      a.ruleId.localeCompare(b.ruleId),
  );
  return { tool: { name: TOOL_NAME, version }, failOn, targets, rules, findings: sorted, counts, passed: gatePassed(findings, failOn) };
}
