/**
 * Whatever the text, parsing and every Dockerfile rule finish without throwing, give one verdict per rule and
 * only findings a person can click: 10,000 generated inputs, from random bytes to Dockerfile-like token soup.
 */
import fc from 'fast-check';
import { loadCatalog } from '../../src/catalog/catalog.js';
import { checks } from '../../src/checks/index.js';
import { evaluateDockerfileText } from '../../src/gate/dockerfile.js';
import { dockerfileText } from './arbitraries.js';

const rules = loadCatalog();
const dockerfileRules = rules.filter((r) => r.target === 'dockerfile').map((r) => r.id).sort();

test('10,000 generated inputs: no throw, a verdict for every rule, findings with real locations', () => {
  let slowest = { ms: 0, input: '' };
  fc.assert(
    fc.property(dockerfileText, (text) => {
      const start = performance.now();
      const result = evaluateDockerfileText(text, 'Dockerfile', rules, checks, { profile: 'all' });
      const ms = performance.now() - start;
      if (ms > slowest.ms) slowest = { ms, input: text };

      // Plain checks (a jest expect per field would cost more than the engine itself), then one assertion.
      const problems: string[] = [];
      const ids = result.verdicts.map((v) => v.id).sort();
      if (ids.join() !== dockerfileRules.join()) problems.push(`verdicts for ${ids.join()}`);
      for (const v of result.verdicts) {
        if (!['pass', 'fail', 'skip'].includes(v.status)) problems.push(`${v.id}: status ${v.status}`);
        if (v.status === 'skip' && !v.reason) problems.push(`${v.id}: skipped without a reason`);
        if ((v.status === 'fail') !== result.findings.some((f) => f.ruleId === v.id)) problems.push(`${v.id}: ${v.status} disagrees with its findings`);
      }
      const lineCount = result.model.lines.length;
      for (const f of result.findings) {
        const l = f.location;
        if (!f.message) problems.push(`${f.ruleId}: empty message`);
        if (l.file !== 'Dockerfile' || l.startLine < 1 || l.endLine < l.startLine || l.endLine > lineCount || l.startColumn < 1 || l.endColumn < 1) {
          problems.push(`${f.ruleId}: location ${JSON.stringify(l)} outside the ${lineCount} lines`);
        }
      }
      expect(problems).toEqual([]);
    }),
    { numRuns: 10_000, seed: 20240601, endOnFailure: true },
  );
  // Catastrophic backtracking or a quadratic walk shows up as one input far slower than the rest.
  if (slowest.ms > 1000) throw new Error(`slowest input took ${slowest.ms.toFixed(0)} ms: ${JSON.stringify(slowest.input).slice(0, 300)}`);
});
