/** The runtime rules over a RuntimeModel: pure, the same path for a scan and for the rule examples. */
import type { RuleMeta } from '../catalog/catalog.js';
import type { Check } from '../checks/check.js';
import { evaluate, type Evaluation, type EvaluateOptions } from '../gate/evaluate.js';
import type { RuntimeModel } from './model.js';

export function evaluateRuntimeModel(model: RuntimeModel, rules: RuleMeta[], checks: Record<string, Check>, options: EvaluateOptions = {}): Evaluation {
  // Findings carry a key (the setting as written, or what was observed): fingerprints survive moved lines.
  return evaluate('runtime', model.name, model, rules, checks, (_loc, raw) => raw.key ?? raw.message, options);
}
