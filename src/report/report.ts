/** The Report: everything a scan decided, in the shape the JSON report documents (schema/report.schema.json). */
import { SEVERITIES, type Finding, type Location, type RuleVerdict, type Severity } from '../types.js';
import { gatePassed, type FailOn } from '../policy/threshold.js';
import type { PolicyReport } from '../policy/apply.js';

export interface ReportTarget {
  kind: 'dockerfile' | 'image' | 'runtime' | 'host';
  /**
   * The subject of the target's verdicts (RuleVerdict.subject), so its rules are found by name: a Dockerfile's
   * path, `image:NAME`, `runtime:IMAGE` or `runtime:COMPOSE#SERVICE`, the host's engine endpoint.
   */
  name: string;
  /** The stage judged, for a Dockerfile. */
  stage?: string;
  /**
   * Where findings about this target that have no Dockerfile line of their own are shown (annotations, SARIF):
   * the final FROM line of the Dockerfile the image was built from.
   */
  anchor?: Location;
  /** The policy file's target this belongs to (`targets:` name), when the policy listed targets. */
  policyTarget?: string;
  /** A runtime target: the declared settings its sandbox did not grant. */
  withheld?: WithheldSetting[];
  /** A runtime target: the outcome of its hardening trial. */
  hardeningTrial?: HardeningTrial;
}

/** A setting the runtime sandbox did not grant although the profile declared it (judged from the declaration). */
export interface WithheldSetting {
  setting: string;
  reason: string;
}

/** The outcome of the hardening trial: the profile that was proven to start, stay up and turn healthy. */
export interface HardeningTrial {
  /** Did the image start and stay up (and turn healthy, when it has a healthcheck) under the hardened profile? */
  succeeded: boolean;
  /** What happened, in a sentence. */
  detail?: string;
  /** A compose service snippet with the proven settings. */
  compose?: string;
  /** The proven `docker run` options. */
  runOptions?: string[];
}

/** How the Action narrowed the gate to the lines a pull request changed. */
export interface ChangedLinesScope {
  base: string;
  head: string;
  /** Open findings outside the changed lines: reported, not gated. */
  outside: number;
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
  /** What the configuration did: the policy file, which value each setting took and from where, waivers, baseline. */
  config?: PolicyReport;
  /** Settings the runtime sandbox withheld, so nobody thinks they were tested (every runtime target's, once each). */
  withheld?: WithheldSetting[];
  /** The hardening trial (of the first runtime target that ran one; each runtime target carries its own). */
  hardeningTrial?: HardeningTrial;
  /** Present when counts and passed cover only the lines a pull request changed (Action: changed-lines-only). */
  changedLinesOnly?: ChangedLinesScope;
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
