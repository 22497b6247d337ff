/** The rules a scan of a Config evaluates, and their checks: the catalog plus the policy's custom rules. */
import { loadCatalog, type RuleMeta } from '../catalog/catalog.js';
import type { Check } from '../checks/check.js';
import { checks as builtInChecks } from '../checks/index.js';
import type { Config } from '../config/config.js';
import { withCustomRules } from '../policy/custom-rules.js';

export function scanRules(config: Config): { rules: RuleMeta[]; checks: Record<string, Check> } {
  return withCustomRules(loadCatalog(), builtInChecks, config.policy?.customRules);
}
