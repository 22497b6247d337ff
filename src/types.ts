/** The shared vocabulary of the gate: severities, locations, findings and verdicts. */

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const TARGETS = ['dockerfile', 'image', 'runtime', 'host'] as const;
export type Target = (typeof TARGETS)[number];

/** Rank where a bigger number is more severe: critical 4 ... info 0. */
export function severityRank(s: Severity): number {
  return SEVERITIES.length - 1 - SEVERITIES.indexOf(s);
}

/** A place a person can click. Lines and columns are 1-based; endColumn is exclusive. */
export interface Location {
  file: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** What a check returns for one problem. The engine adds the rule's metadata. */
export interface RawFinding {
  message: string;
  location: Location;
  /** Overrides the rule's severity for this finding (e.g. a base-image layer is less severe). */
  severity?: Severity;
  /** A stable description of what was found, used for the fingerprint (never a secret value). */
  key?: string;
}

/** A check either reports findings (none = pass) or says it cannot decide. */
export type CheckOutcome = { findings: RawFinding[] } | { skip: string };

export type FindingStatus = 'open' | 'suppressed' | 'waived' | 'baselined';

export interface Finding {
  ruleId: string;
  cis: string[];
  severity: Severity;
  target: Target;
  title: string;
  message: string;
  remediation: string;
  location: Location;
  status: FindingStatus;
  /** Why a finding is not open: the suppression comment's or waiver's reason. */
  statusReason?: string;
  fingerprint: string;
}

export type RuleStatus = 'pass' | 'fail' | 'skip';

export interface RuleVerdict {
  id: string;
  target: Target;
  cis: string[];
  level: 1 | 2;
  severity: Severity;
  title: string;
  status: RuleStatus;
  reason?: string;
  /** The target this verdict is about: its ReportTarget.name (a Dockerfile path, `image:NAME`, `runtime:…`, the engine endpoint). */
  subject: string;
}

/** An error a user can act on; carries the documented exit code. */
export class GateError extends Error {
  constructor(
    message: string,
    readonly exitCode: 2 | 3,
  ) {
    super(message);
    this.name = 'GateError';
  }
}

export const EXIT = { passed: 0, failed: 1, usage: 2, internal: 3 } as const;
