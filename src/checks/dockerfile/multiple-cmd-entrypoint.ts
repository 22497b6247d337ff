/** Hygiene: only the last CMD and the last ENTRYPOINT of a stage take effect; the earlier ones mislead readers. */
import type { RawFinding } from '../../types.js';
import { dockerfileCheck, skip } from '../check.js';

export default dockerfileCheck((model) => {
  if (model.finalStage < 0) return skip('the Dockerfile has no stage');
  const findings: RawFinding[] = [];
  for (const stage of model.stages) {
    for (const keyword of ['CMD', 'ENTRYPOINT']) {
      const all = stage.instructions.filter((i) => i.keyword === keyword);
      const last = all.at(-1);
      for (const ins of all.slice(0, -1)) {
        findings.push({
          message: `this ${keyword} has no effect: the ${keyword} on line ${last!.location.startLine} of the same stage replaces it`,
          location: ins.location,
        });
      }
    }
  }
  return { findings };
});
