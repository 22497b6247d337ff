/**
 * Reports put together: the per-target scans of one combined scan, or the JSON reports of matrix jobs
 * (`cis-docker-gate merge a.json b.json`). Targets, verdicts and findings are concatenated (a finding or a
 * verdict two reports share is kept once), counts and the gate are decided again, each runtime target keeps what
 * its sandbox withheld and its hardening trial, and the policy sections are combined: a waiver is stale only when
 * it matched nothing in any report.
 */
import { readFileSync } from 'node:fs';
import { validator, schemaProblems } from '../catalog/validate.js';
import { mergeWaiverStates } from '../policy/waivers.js';
import type { PolicyReport } from '../policy/apply.js';
import type { FailOn } from '../policy/threshold.js';
import { GateError } from '../types.js';
import { buildReport, type Report, type ReportTarget } from './report.js';

export function mergeReports(reports: Report[], failOn?: FailOn): Report {
  if (!reports.length) throw new GateError('nothing to merge: give at least one JSON report', 2);
  const thresholds = [...new Set(reports.map((r) => r.failOn))];
  if (!failOn && thresholds.length > 1) {
    throw new GateError(`the reports were made with different fail-on values (${thresholds.join(', ')}); choose one with --fail-on`, 2);
  }
  const first = reports[0];
  const targets = dedupe(
    reports.flatMap(runtimeOutcomesOnTargets),
    (t) => `${t.kind}\0${t.name}\0${t.policyTarget ?? ''}`,
  );
  const rules = dedupe(
    reports.flatMap((r) => r.rules),
    (v) => `${v.id}\0${v.subject}`,
  );
  const findings = dedupe(
    reports.flatMap((r) => r.findings),
    (f) => `${f.ruleId}\0${f.fingerprint}\0${f.location.file}\0${f.location.startLine}`,
  ).map((f) => ({ ...f, location: { ...f.location } }));
  const merged = buildReport(first.tool.version, failOn ?? first.failOn, targets, rules, findings);
  // Every report's withheld settings and hardening trial: each on its runtime target, and the report-level
  // summary (all withheld settings once each, the first trial) as a single scan has it.
  const withheld = dedupe(
    reports.flatMap((r) => r.withheld ?? []),
    (w) => `${w.setting}\0${w.reason}`,
  );
  if (withheld.length) merged.withheld = withheld;
  const trial = reports.find((r) => r.hardeningTrial)?.hardeningTrial;
  if (trial) merged.hardeningTrial = trial;
  const config = mergeConfig(reports.map((r) => r.config as PolicyReport | undefined), merged);
  if (config) merged.config = config;
  return merged;
}

/**
 * A report's targets, with its withheld settings and hardening trial on its runtime target: a report written
 * before targets carried them has them at the report level only.
 */
function runtimeOutcomesOnTargets(report: Report): ReportTarget[] {
  const runtime = report.targets.filter((t) => t.kind === 'runtime');
  if (runtime.length !== 1 || runtime[0].withheld || runtime[0].hardeningTrial || (!report.withheld?.length && !report.hardeningTrial)) return report.targets;
  return report.targets.map((t) =>
    t === runtime[0] ? { ...t, ...(report.withheld?.length ? { withheld: report.withheld } : {}), ...(report.hardeningTrial ? { hardeningTrial: report.hardeningTrial } : {}) } : t,
  );
}

function mergeConfig(sections: (PolicyReport | undefined)[], merged: Report): PolicyReport | undefined {
  const present = sections.filter((s): s is PolicyReport => !!s);
  if (!present.length) return undefined;
  const first = present[0];
  const out: PolicyReport = { ...first };
  delete out.only;
  const waivers = present.filter((s) => s.waivers).map((s) => s.waivers!);
  if (waivers.length) out.waivers = mergeWaiverStates(waivers);
  const baseline = present.find((s) => s.baseline)?.baseline;
  if (baseline) {
    out.baseline = {
      file: baseline.file,
      entries: Math.max(...present.map((s) => s.baseline?.entries ?? 0)),
      matched: merged.findings.filter((f) => f.status === 'baselined').length,
    };
  }
  const custom = dedupe(
    present.flatMap((s) => s.customRules ?? []),
    (c) => c.id,
  );
  if (custom.length) out.customRules = custom;
  return out;
}

function dedupe<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => {
    const k = key(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Reads a JSON report written by `scan --format json` (or the Action's json-file); exit 2 when it is not one. */
export function readReport(path: string): Report {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code) throw new GateError(`${path}: cannot read the report (${code === 'ENOENT' ? 'no such file or directory' : code})`, 2);
    throw new GateError(`${path}: not a JSON report (${(e as Error).message})`, 2);
  }
  const validate = validator('report.schema.json');
  if (!validate(data)) {
    const p = schemaProblems(validate.errors)[0];
    throw new GateError(`${path}: not a cis-docker-gate JSON report (${p.path}: ${p.message})`, 2);
  }
  return data as Report;
}
