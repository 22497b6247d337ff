/** The gate decision: does an open finding reach the fail-on severity? */
import { severityRank, type Finding, type Severity } from '../types.js';

export type FailOn = Severity | 'never';

export function reaches(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) >= severityRank(threshold);
}

export function gatePassed(findings: Finding[], failOn: FailOn): boolean {
  if (failOn === 'never') return true;
  return !findings.some((f) => f.status === 'open' && reaches(f.severity, failOn));
}
