/** CIS 4.6: only the last HEALTHCHECK of a stage takes effect; the others are dead text a reviewer may trust. */
import type { RawFinding } from '../../types.js';
import { dockerfileCheck } from '../check.js';

export default dockerfileCheck((model) => {
  const findings: RawFinding[] = [];
  for (const stage of model.stages) {
    const checks = stage.instructions.filter((i) => i.keyword === 'HEALTHCHECK');
    const last = checks.at(-1);
    for (const hc of checks.slice(0, -1)) {
      findings.push({
        message: `HEALTHCHECK on line ${hc.location.startLine} has no effect: the HEALTHCHECK on line ${last!.location.startLine} of the same stage replaces it, and only the last one takes effect`,
        location: hc.location,
      });
    }
  }
  return { findings };
});
