/**
 * `cis-docker-gate rules test [--config F] [--all]`: runs the examples of the policy's custom rules (with --all,
 * of the built-in rules too) through the harness the built-in rules are tested with. Exit 1 when one fails.
 */
import { checkRuleExamples } from '../../catalog/examples.js';
import type { Config } from '../../config/config.js';
import { scanRules } from '../../gate/rules.js';
import { EXIT, GateError } from '../../types.js';
import type { Writable } from './common.js';

export function rulesCommand(sub: string[], config: Config, all: boolean, out: Writable): number {
  if (sub[0] !== 'test' || sub.length > 1) throw new GateError(`rules: the subcommand is test (cis-docker-gate rules test [--config FILE] [--all])`, 2);
  const custom = config.policy?.customRules ?? [];
  const { rules, checks } = scanRules(config);
  const selected = all ? rules : custom.map((c) => c.meta);
  if (!selected.length) {
    out.write(`no custom rules${config.policy?.file ? ` in ${config.policy.file}` : ' (no policy file)'}; --all tests the built-in rules too\n`);
    return EXIT.passed;
  }
  const results = checkRuleExamples(selected, rules, checks);
  for (const r of results) {
    if (r.status === 'pass' && all) continue;
    const label = `${r.kind} example ${r.index}${r.note ? ` (${r.note})` : ''}`;
    out.write(`${r.status === 'pass' ? 'ok  ' : r.status === 'skip' ? 'skip' : 'FAIL'}  ${r.rule}  ${label}${r.detail ? `: ${r.detail}` : ''}\n`);
  }
  const without = selected.filter((r) => !r.examples.bad.length && !r.examples.good.length);
  for (const r of without) out.write(`note  ${r.id}  has no examples (${r.file}): add bad and good ones so this command can test it\n`);
  const n = { pass: 0, fail: 0, skip: 0 };
  for (const r of results) n[r.status]++;
  out.write(`${selected.length} rule${selected.length === 1 ? '' : 's'}, ${results.length} example${results.length === 1 ? '' : 's'}: ${n.pass} passed, ${n.fail} failed, ${n.skip} skipped\n`);
  return n.fail ? EXIT.failed : EXIT.passed;
}
