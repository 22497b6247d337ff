/**
 * The example harness: a rule's examples run through the same path a scan takes, every rule of the target on.
 * A bad example must give findings of the rule exactly on its `lines` (one entry per finding) and the verdict
 * fail, a good one no finding and the verdict pass. Built-in rules (__tests__/rules/examples.test.ts) and custom
 * rules (`cis-docker-gate rules test`) are held to the same test.
 */
import type { Check } from '../checks/check.js';
import { evaluateDockerfileText } from '../gate/dockerfile.js';
import type { Evaluation } from '../gate/evaluate.js';
import { evaluateImageModel } from '../gate/image.js';
import { imagePathGlobs } from '../gate/rules.js';
import { hostFactsFromExample } from '../host/example.js';
import { evaluateHostFacts } from '../host/target.js';
import { imageFromExample } from '../image/example.js';
import { evaluateRuntimeModel } from '../runtime/evaluate.js';
import { runtimeFromExample } from '../runtime/example.js';
import type { RuleExample, RuleMeta } from './catalog.js';

/** Runs one example of `rule` through the same path a scan takes; a skip when its target has no example runner. */
export function runExample(rule: RuleMeta, example: RuleExample, rules: RuleMeta[], checks: Record<string, Check>): Evaluation | { skip: string } {
  const options = { profile: 'all' as const, ruleOptions: { [rule.id]: example.options ?? {} } };
  switch (rule.target) {
    case 'dockerfile':
      if (example.dockerfile === undefined) throw new Error(`${rule.file}: a dockerfile example needs a dockerfile`);
      return evaluateDockerfileText(example.dockerfile, 'Dockerfile', rules, checks, { ...options, target: example.target, buildArgs: example.buildArgs });
    case 'host':
      if (example.host === undefined) throw new Error(`${rule.file}: a host example needs a host`);
      return evaluateHostFacts(hostFactsFromExample(example.host), rules, checks, options);
    case 'image':
      if (example.image === undefined) throw new Error(`${rule.file}: an image example needs an image`);
      // As a scan walks an image: recording the paths the enabled image rules' globs ask about.
      return evaluateImageModel(imageFromExample(example.image, 'example', imagePathGlobs(rules, checks, options)), rules, checks, options);
    case 'runtime':
      if (example.runtime === undefined) throw new Error(`${rule.file}: a runtime example needs a runtime`);
      return evaluateRuntimeModel(runtimeFromExample(example.runtime), rules, checks, options);
    default:
      return { skip: `no example runner for ${rule.target} rules` };
  }
}

export interface ExampleResult {
  rule: string;
  kind: 'bad' | 'good';
  /** 1-based, within its kind. */
  index: number;
  status: 'pass' | 'fail' | 'skip';
  /** What went wrong, or why it was skipped. */
  detail?: string;
  note?: string;
}

/** Checks one example against what it promises. */
export function checkExample(rule: RuleMeta, kind: 'bad' | 'good', example: RuleExample, index: number, rules: RuleMeta[], checks: Record<string, Check>): ExampleResult {
  let result: Evaluation | { skip: string };
  try {
    result = runExample(rule, example, rules, checks);
  } catch (e) {
    return { ...resultBase(rule, kind, example, index), status: 'fail', detail: `the example could not run: ${(e as Error).message}` };
  }
  return judgeExample(rule, kind, example, index, result);
}

function resultBase(rule: RuleMeta, kind: 'bad' | 'good', example: RuleExample, index: number) {
  return { rule: rule.id, kind, index, ...(example.note ? { note: example.note } : {}) };
}

/** Judges what one example gave (`runExample`) against what it promises. */
export function judgeExample(rule: RuleMeta, kind: 'bad' | 'good', example: RuleExample, index: number, result: Evaluation | { skip: string }): ExampleResult {
  const base = resultBase(rule, kind, example, index);
  if ('skip' in result) return { ...base, status: 'skip', detail: result.skip };
  const findings = result.findings.filter((f) => f.ruleId === rule.id);
  const verdict = result.verdicts.find((v) => v.id === rule.id);
  if (kind === 'bad') {
    const got = findings.map((f) => f.location.startLine).sort((a, b) => a - b);
    const want = [...(example.lines ?? [])].sort((a, b) => a - b);
    if (verdict?.status === 'skip') return { ...base, status: 'fail', detail: `expected findings on line ${want.join(', ')}, but the rule skipped: ${verdict.reason}` };
    if (got.join(',') !== want.join(',')) {
      return { ...base, status: 'fail', detail: `expected findings on line ${want.join(', ')}, got ${got.length ? `line ${got.join(', ')}` : 'none'}` };
    }
    if (verdict?.status !== 'fail') return { ...base, status: 'fail', detail: `expected the verdict fail, got ${verdict ? verdict.status : 'no verdict'}` };
    return { ...base, status: 'pass' };
  }
  if (findings.length) return { ...base, status: 'fail', detail: `expected no finding, got ${findings.map((f) => `line ${f.location.startLine}: ${f.message}`).join('; ')}` };
  if (verdict?.status !== 'pass') return { ...base, status: 'fail', detail: `expected the verdict pass, got ${verdict ? `${verdict.status}${verdict.reason ? ` (${verdict.reason})` : ''}` : 'no verdict'}` };
  return { ...base, status: 'pass' };
}

/** Every example of the rules given, in order. */
export function checkRuleExamples(selected: RuleMeta[], rules: RuleMeta[], checks: Record<string, Check>): ExampleResult[] {
  return selected.flatMap((rule) => [
    ...rule.examples.bad.map((e, i) => checkExample(rule, 'bad', e, i + 1, rules, checks)),
    ...rule.examples.good.map((e, i) => checkExample(rule, 'good', e, i + 1, rules, checks)),
  ]);
}
