/** The host target: facts -> model -> the host rules (pure), and the audit of the engine the gate talks to. */
import type { RuleMeta } from '../catalog/catalog.js';
import type { Check } from '../checks/check.js';
import { evaluate, type Evaluation, type EvaluateOptions } from '../gate/evaluate.js';
import { GateError } from '../types.js';
import { buildHostModel } from './build.js';
import { collectHostFacts, type CollectOptions } from './collect.js';
import type { HostFacts, HostModel } from './model.js';

/** The subject of every host verdict: the engine endpoint. */
export function hostSubject(facts: HostFacts): string {
  return facts.endpoint;
}

export function evaluateHostFacts(
  facts: HostFacts,
  rules: RuleMeta[],
  checks: Record<string, Check>,
  options: EvaluateOptions = {},
): Evaluation & { model: HostModel } {
  const model = buildHostModel(facts);
  const result = evaluate('host', hostSubject(facts), model, rules, checks, (loc, raw) => raw.key ?? `${loc.file}:${raw.message}`, options);
  return { ...result, model };
}

/** Collect and evaluate. An engine that does not answer is an engine error (exit 3): the audit is about it. */
export async function auditHost(
  collect: CollectOptions,
  rules: RuleMeta[],
  checks: Record<string, Check>,
  options: EvaluateOptions = {},
): Promise<Evaluation & { model: HostModel; facts: HostFacts }> {
  const facts = await collectHostFacts(collect);
  if (!facts.engine) throw new GateError(`--host-audit: ${facts.engineError ?? `no engine answered at ${facts.endpoint}`}`, 3);
  return { ...evaluateHostFacts(facts, rules, checks, options), facts };
}
