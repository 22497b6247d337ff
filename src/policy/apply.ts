/**
 * The policy applied to what a scan found, in this order: severity overrides, waivers (after the inline
 * suppressions the Dockerfile target applied), the baseline, then the threshold (buildReport). The report
 * records what the policy did: which setting won and where it came from, every waiver's fate, the baseline.
 */
import type { Config } from '../config/config.js';
import { buildReport, type Report, type ReportTarget } from '../report/report.js';
import type { Finding, RuleVerdict, Severity, Target } from '../types.js';
import { applyBaseline, type BaselineState } from './baseline.js';
import { NO_RUNTIME_PROFILE } from './custom-rules.js';
import { applyWaivers, type WaiverState } from './waivers.js';

/** One setting, the value that won and where it came from. */
export interface ConfigSetting {
  /** `fail-on`, `profile`, `report-severity`, `targets`, `concurrency`, `baseline` */
  name: string;
  value: string;
  /** `default`, `--fail-on`, `input fail-on`, `.cis-docker-gate.yml:3` */
  source: string;
  /** The value the policy file had, when a flag or an input overrode it: `high (.cis-docker-gate.yml:3)`. */
  overridden?: string;
}

/** A change the policy's `rules:` section made to a rule. */
export interface RuleChange {
  /** As written (a rule id or an alias). */
  rule: string;
  /** The rule ids it applies to. */
  ids: string[];
  /** `off`, `severity low`, `options registries, tools` */
  change: string;
  where: string;
}

/** What the report says about the configuration (Report.config). */
export interface PolicyReport {
  /** The policy file that was applied, when there was one. */
  file?: string;
  settings?: ConfigSetting[];
  rules?: RuleChange[];
  waivers?: WaiverState[];
  baseline?: BaselineState;
  customRules?: { id: string; target: Target; where: string }[];
  /** The policy targets this report covers when it covers only some (scan --only): stale waivers here may match elsewhere. */
  only?: string[];
}

/** Applies the policy and builds the report; without a policy it is buildReport. */
export function finishReport(config: Config, version: string, targets: ReportTarget[], verdicts: RuleVerdict[], findings: Finding[]): Report {
  const policy = config.policy;
  if (!policy) return buildReport(version, config.failOn, targets, verdicts, findings);

  // Severity overrides: the rule's verdict and every finding of it.
  for (const v of verdicts) {
    const s = policy.severity[v.id];
    if (s) v.severity = s;
  }
  for (const f of findings) {
    const s = policy.severity[f.ruleId];
    if (s) f.severity = s as Severity;
  }

  // Custom runtime rules with no runtime target to judge: say so rather than pass.
  if (!targets.some((t) => t.kind === 'runtime')) {
    for (const r of policy.customRules.filter((c) => c.meta.target === 'runtime')) {
      if (verdicts.some((v) => v.id === r.meta.id)) continue;
      const m = r.meta;
      verdicts.push({ id: m.id, target: m.target, cis: m.cis, level: m.level, severity: policy.severity[m.id] ?? m.severity, title: m.title, status: 'skip', reason: NO_RUNTIME_PROFILE, subject: 'runtime' });
    }
  }

  // Waivers: image scopes need the image target a finding came from (a scan has at most one of each kind but Dockerfiles).
  const byKind = new Map<string, ReportTarget>();
  for (const t of targets) if (t.kind !== 'dockerfile' && !byKind.has(t.kind)) byKind.set(t.kind, t);
  const targetOf = (f: Finding) => (f.target === 'dockerfile' ? targets.find((t) => t.kind === 'dockerfile' && t.name === f.location.file) : byKind.get(f.target));
  const waivers = policy.waivers.length ? applyWaivers(findings, policy.waivers, (config.now ?? (() => new Date()))(), targetOf) : undefined;

  let baseline: BaselineState | undefined;
  if (policy.baseline) {
    const matched = applyBaseline(findings, policy.baseline.fingerprints, policy.baseline.file);
    baseline = { file: policy.baseline.file, entries: policy.baseline.entries, matched };
  }

  const report = buildReport(version, config.failOn, targets, verdicts, findings);
  const section: PolicyReport = {
    ...(policy.file ? { file: policy.file } : {}),
    settings: policy.settings,
    ...(policy.ruleChanges.length ? { rules: policy.ruleChanges } : {}),
    ...(waivers ? { waivers } : {}),
    ...(baseline ? { baseline } : {}),
    ...(policy.customRules.length ? { customRules: policy.customRules.map((r) => ({ id: r.meta.id, target: r.meta.target, where: r.where })) } : {}),
  };
  report.config = section;
  return report;
}
