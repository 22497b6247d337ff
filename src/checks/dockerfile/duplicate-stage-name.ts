/** Hygiene: two stages with the same `AS` name (names are case-insensitive): references to it become ambiguous. */
import type { RawFinding } from '../../types.js';
import { dockerfileCheck, skip } from '../check.js';

export default dockerfileCheck((model) => {
  if (model.finalStage < 0) return skip('the Dockerfile has no stage');
  const findings: RawFinding[] = [];
  const first = new Map<string, number>();
  for (const stage of model.stages) {
    if (stage.name === undefined) continue;
    const earlier = first.get(stage.name);
    if (earlier === undefined) {
      first.set(stage.name, stage.from.location.startLine);
      continue;
    }
    findings.push({
      message: `stage name "${stage.name}" is already used by the stage on line ${earlier}: stage names must be unique`,
      location: stage.from.location,
    });
  }
  return { findings };
});
