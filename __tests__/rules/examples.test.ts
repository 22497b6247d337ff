/** Every rule's examples are its tests: bad examples fail on the stated lines, good ones pass. */
import { readFileSync } from 'node:fs';
import { loadCatalog, type RuleExample, type RuleMeta } from '../../src/catalog/catalog.js';
import { checkFiles, renderCheckIndex, renderRuleDocs } from '../../src/catalog/generate.js';
import { checks } from '../../src/checks/index.js';
import { evaluateDockerfileText } from '../../src/gate/dockerfile.js';
import type { Evaluation } from '../../src/gate/evaluate.js';
import { evaluateImageModel } from '../../src/gate/image.js';
import { imageFromExample } from '../../src/image/example.js';
import { hostFactsFromExample } from '../../src/host/example.js';
import { evaluateHostFacts } from '../../src/host/target.js';
import { runtimeFromExample } from '../../src/runtime/example.js';
import { evaluateRuntimeModel } from '../../src/runtime/evaluate.js';

const rules = loadCatalog();

/** Runs one example through the same path a scan takes, with every rule of the target on. */
function run(rule: RuleMeta, example: RuleExample): Evaluation {
  const options = { profile: 'all' as const, ruleOptions: { [rule.id]: example.options ?? {} } };
  switch (rule.target) {
    case 'dockerfile':
      if (example.dockerfile === undefined) throw new Error(`${rule.file}: a dockerfile example needs a dockerfile`);
      return evaluateDockerfileText(example.dockerfile, 'Dockerfile', rules, checks, {
        ...options,
        target: example.target,
        buildArgs: example.buildArgs,
      });
    case 'host':
      if (example.host === undefined) throw new Error(`${rule.file}: a host example needs a host`);
      return evaluateHostFacts(hostFactsFromExample(example.host), rules, checks, options);
    case 'image':
      if (example.image === undefined) throw new Error(`${rule.file}: an image example needs an image`);
      return evaluateImageModel(imageFromExample(example.image), rules, checks, options);
    case 'runtime':
      if (example.runtime === undefined) throw new Error(`${rule.file}: a runtime example needs a runtime`);
      return evaluateRuntimeModel(runtimeFromExample(example.runtime), rules, checks, options);
    default:
      throw new Error(`${rule.file}: no example runner for target ${rule.target}`);
  }
}

describe.each(rules.map((r) => [r.id, r] as const))('%s', (_id, rule) => {
  test.each(rule.examples.bad.map((e, i) => [i, e] as const))('bad example %i is reported on its lines', (_i, example) => {
    const result = run(rule, example);
    const lines = result.findings.filter((f) => f.ruleId === rule.id).map((f) => f.location.startLine);
    expect(lines.sort((a, b) => a - b)).toEqual([...example.lines!].sort((a, b) => a - b));
    expect(result.verdicts.find((v) => v.id === rule.id)?.status).toBe('fail');
  });
  test.each(rule.examples.good.map((e, i) => [i, e] as const))('good example %i passes', (_i, example) => {
    const result = run(rule, example);
    expect(result.findings.filter((f) => f.ruleId === rule.id)).toEqual([]);
    expect(result.verdicts.find((v) => v.id === rule.id)).toMatchObject({ status: 'pass' });
  });
});

describe('the catalog', () => {
  test('every rule has a check and every check has a rule', () => {
    const implemented = checkFiles();
    expect(rules.map((r) => r.id).filter((id) => !implemented.includes(id))).toEqual([]);
    expect(implemented.filter((id) => !rules.some((r) => r.id === id))).toEqual([]);
    for (const id of implemented) expect(checks[id]).toBeDefined();
  });
  test('the check registry is generated from the checks folder (npm run gen)', () => {
    expect(readFileSync('src/checks/index.ts', 'utf8')).toBe(renderCheckIndex(checkFiles()));
  });
  test('docs/rules.md is generated from rules/ (npm run gen)', () => {
    expect(readFileSync('docs/rules.md', 'utf8')).toBe(renderRuleDocs(rules));
  });
  test('aliases are unique to a rule within a tool, or shared on purpose across one CIS control', () => {
    const seen = new Map<string, RuleMeta>();
    for (const r of rules) {
      for (const [tool, ids] of Object.entries(r.aliases)) {
        for (const id of ids ?? []) {
          const other = seen.get(`${tool}:${id}`);
          if (other) expect(other.cis).toEqual(r.cis);
          seen.set(`${tool}:${id}`, r);
        }
      }
    }
  });
});
