/** Hygiene: sudo in a RUN. Build steps already run as the stage's USER; sudo hides which user a step needs. */
import { allInstructions } from '../../dockerfile/model.js';
import type { RawFinding } from '../../types.js';
import { dockerfileCheck, skip } from '../check.js';
import { commandLayers, decide, runsAny, unparsedRuns } from '../support.js';

export default dockerfileCheck((model) => {
  if (model.finalStage < 0) return skip('the Dockerfile has no stage');
  const runs = allInstructions(model).filter((i) => i.keyword === 'RUN');
  const findings: RawFinding[] = [];
  for (const ins of runs) {
    for (const cmd of ins.shell?.commands ?? []) {
      if (!runsAny(cmd, ['sudo'])) continue;
      const layers = commandLayers(cmd);
      const at = layers.findIndex((l) => l.name === 'sudo');
      if (at < 0) continue;
      const wrapped = layers[at + 1]?.name;
      findings.push({
        message: `RUN uses sudo${wrapped ? ` to run ${wrapped}` : ''}: build steps run as the stage's USER, so switch with USER (or gosu/su-exec/setpriv at run time) instead`,
        location: cmd.location,
      });
    }
  }
  return decide(findings, unparsedRuns(runs));
});
