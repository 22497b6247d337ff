/** The rules a scan of a Config evaluates, and their checks: the catalog plus the policy's custom rules. */
import { loadCatalog, type RuleMeta } from '../catalog/catalog.js';
import type { Check } from '../checks/check.js';
import { checks as builtInChecks } from '../checks/index.js';
import type { Config } from '../config/config.js';
import { withCustomRules } from '../policy/custom-rules.js';
import { ruleOff, type EvaluateOptions } from './evaluate.js';

export function scanRules(config: Config): { rules: RuleMeta[]; checks: Record<string, Check> } {
  return withCustomRules(loadCatalog(), builtInChecks, config.policy?.customRules);
}

/**
 * The path globs the image walk must record (ImageModel.paths): those of the image rules that will run (not turned
 * off, in the profile) whose checks ask for them (custom rules with `file`). Sorted, without duplicates.
 */
export function imagePathGlobs(rules: RuleMeta[], checks: Record<string, Check>, options: EvaluateOptions = {}): string[] {
  const globs = new Set<string>();
  for (const rule of rules) {
    const check = checks[rule.id];
    if (rule.target !== 'image' || check?.target !== 'image' || !check.pathGlobs || ruleOff(rule, options)) continue;
    for (const g of check.pathGlobs) globs.add(g);
  }
  return [...globs].sort();
}
