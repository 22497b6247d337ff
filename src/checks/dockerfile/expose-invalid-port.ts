/** Hygiene: an EXPOSE that is not a port Docker accepts (outside 0-65535, not a number, unknown protocol). */
import { allInstructions } from '../../dockerfile/model.js';
import type { RawFinding } from '../../types.js';
import { dockerfileCheck, skip } from '../check.js';
import { decide, exposedPorts } from '../support.js';

export default dockerfileCheck((model) => {
  if (model.finalStage < 0) return skip('the Dockerfile has no stage');
  const findings: RawFinding[] = [];
  const undecided: string[] = [];
  for (const ins of allInstructions(model).filter((i) => i.keyword === 'EXPOSE')) {
    const bad: string[] = [];
    for (const port of exposedPorts(ins, model.escape)) {
      if (port.unresolved.length) {
        undecided.push(`EXPOSE ${port.written} on line ${ins.location.startLine} depends on ${port.unresolved.join(', ')}, which has no value here; pass it with --build-arg`);
      } else if (port.invalid) {
        bad.push(`${port.value === port.written ? port.written : `${port.written} (= ${port.value})`} ${port.invalid}`);
      }
    }
    if (bad.length) findings.push({ message: `EXPOSE names an invalid port: ${bad.join('; ')}`, location: ins.location });
  }
  return decide(findings, undecided);
});
