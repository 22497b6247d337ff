/** Run every rule of a target against its model: pure, no I/O. Each rule ends as pass, fail or skip. */
import type { RuleMeta } from '../catalog/catalog.js';
import type { Check, Models, RuleOptions } from '../checks/check.js';
import { disambiguate, fingerprint } from '../policy/fingerprint.js';
import type { Finding, Location, RawFinding, RuleVerdict } from '../types.js';

export type Profile = 'cis-level-1' | 'cis-level-2' | 'all';

export interface EvaluateOptions {
  profile?: Profile;
  /** Per rule id: options that override the rule's defaults. */
  ruleOptions?: Record<string, RuleOptions>;
  /** Rule ids turned off. */
  disabled?: string[];
}

export interface Evaluation {
  verdicts: RuleVerdict[];
  findings: Finding[];
}

/** The text a finding's fingerprint is anchored on, so it survives moved lines: usually the source at the location. */
export type AnchorText = (location: Location, raw: RawFinding) => string;

/** Why a rule does not run with these options (turned off, or a level-2 control under cis-level-1), if it does not. */
export function ruleOff(rule: RuleMeta, options: EvaluateOptions = {}): string | undefined {
  if (options.disabled?.includes(rule.id)) return 'turned off in the configuration';
  if ((options.profile ?? 'cis-level-1') === 'cis-level-1' && rule.level === 2) return 'CIS level 2 control: enable it with profile cis-level-2';
  return undefined;
}

export function evaluate<T extends keyof Models>(
  target: T,
  subject: string,
  model: Models[T],
  rules: RuleMeta[],
  checks: Record<string, Check>,
  anchor: AnchorText,
  options: EvaluateOptions = {},
): Evaluation {
  const verdicts: RuleVerdict[] = [];
  const findings: Finding[] = [];
  for (const rule of rules) {
    if (rule.target !== target) continue;
    const base = { id: rule.id, target: rule.target, cis: rule.cis, level: rule.level, severity: rule.severity, title: rule.title, subject };
    const off = ruleOff(rule, options);
    if (off) {
      verdicts.push({ ...base, status: 'skip', reason: off });
      continue;
    }
    const check = checks[rule.id];
    if (!check || check.target !== target) {
      verdicts.push({ ...base, status: 'skip', reason: 'no implementation for this rule' });
      continue;
    }
    const ruleOptions = { ...(rule.options ?? {}), ...(options.ruleOptions?.[rule.id] ?? {}) };
    const outcome = (check as Check<T>).check(model, ruleOptions);
    if ('skip' in outcome) {
      verdicts.push({ ...base, status: 'skip', reason: outcome.skip });
      continue;
    }
    verdicts.push({ ...base, status: outcome.findings.length ? 'fail' : 'pass' });
    for (const raw of outcome.findings) {
      findings.push({
        ruleId: rule.id,
        cis: rule.cis,
        severity: raw.severity ?? rule.severity,
        target: rule.target,
        title: rule.title,
        message: raw.message,
        remediation: rule.remediation,
        location: raw.location,
        status: 'open',
        fingerprint: fingerprint(rule.id, subject, raw.key ?? anchor(raw.location, raw)),
      });
    }
  }
  return { verdicts, findings: disambiguate(findings) };
}
