/** Every rule's examples are its tests: bad examples fail on the stated lines, good ones pass. */
import { readFileSync } from 'node:fs';
import { loadCatalog, type RuleExample, type RuleMeta } from '../../src/catalog/catalog.js';
import { judgeExample, runExample } from '../../src/catalog/examples.js';
import { checkFiles, renderCheckIndex, renderRuleDocs, withReadmeRuleTable } from '../../src/catalog/generate.js';
import { checks } from '../../src/checks/index.js';
import type { Evaluation } from '../../src/gate/evaluate.js';

const rules = loadCatalog();

/** Runs one example through the example harness `rules test` uses (every rule of the target on). */
function run(rule: RuleMeta, example: RuleExample): Evaluation {
  const result = runExample(rule, example, rules, checks);
  if ('skip' in result) throw new Error(`${rule.file}: ${result.skip}`);
  return result;
}

describe.each(rules.map((r) => [r.id, r] as const))('%s', (_id, rule) => {
  test.each(rule.examples.bad.map((e, i) => [i, e] as const))('bad example %i is reported on its lines', (i, example) => {
    const result = run(rule, example);
    const lines = result.findings.filter((f) => f.ruleId === rule.id).map((f) => f.location.startLine);
    expect(lines.sort((a, b) => a - b)).toEqual([...example.lines!].sort((a, b) => a - b));
    expect(result.verdicts.find((v) => v.id === rule.id)?.status).toBe('fail');
    // the harness of `rules test` and custom rules judges it the same way
    expect(judgeExample(rule, 'bad', example, i + 1, result)).toMatchObject({ status: 'pass' });
  });
  test.each(rule.examples.good.map((e, i) => [i, e] as const))('good example %i passes', (i, example) => {
    const result = run(rule, example);
    expect(result.findings.filter((f) => f.ruleId === rule.id)).toEqual([]);
    expect(result.verdicts.find((v) => v.id === rule.id)).toMatchObject({ status: 'pass' });
    expect(judgeExample(rule, 'good', example, i + 1, result)).toMatchObject({ status: 'pass' });
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
  test("README.md's rule table is generated from rules/ (npm run gen)", () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toBe(withReadmeRuleTable(readme, rules));
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
