/** CIS 5.7/5.9: the final image EXPOSEs port 22, which means an SSH server is meant to run in the container. */
import { finalInstructions } from '../../dockerfile/model.js';
import type { RawFinding } from '../../types.js';
import { dockerfileCheck, skip } from '../check.js';
import { decide, exposedPorts } from '../support.js';

const SSH = 22;

export default dockerfileCheck((model) => {
  if (model.finalStage < 0) return skip('the Dockerfile has no stage');
  const findings: RawFinding[] = [];
  const undecided: string[] = [];
  for (const ins of finalInstructions(model).filter((i) => i.keyword === 'EXPOSE')) {
    const hits: string[] = [];
    for (const port of exposedPorts(ins, model.escape)) {
      if (port.unresolved.length) {
        undecided.push(`EXPOSE ${port.written} on line ${ins.location.startLine} depends on ${port.unresolved.join(', ')}, which has no value here; pass it with --build-arg`);
      } else if (port.range && port.range.start <= SSH && SSH <= port.range.end) {
        hits.push(port.value === port.written ? port.written : `${port.written} (= ${port.value})`);
      }
    }
    if (hits.length) {
      findings.push({ message: `the final image exposes the SSH port 22: EXPOSE ${hits.join(', ')}`, location: ins.location });
    }
  }
  return decide(findings, undecided);
});
