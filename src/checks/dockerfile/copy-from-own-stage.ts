/** Hygiene: `COPY --from` (or `RUN --mount=from=`) naming the stage it is in: a circular reference Docker rejects. */
import { substitute } from '../../dockerfile/substitute.js';
import type { RawFinding } from '../../types.js';
import { dockerfileCheck, skip } from '../check.js';
import { decide, runMounts } from '../support.js';

export default dockerfileCheck((model) => {
  if (model.finalStage < 0) return skip('the Dockerfile has no stage');
  const findings: RawFinding[] = [];
  const undecided: string[] = [];
  for (const stage of model.stages) {
    for (const ins of stage.instructions) {
      const refs: { how: string; ref: string }[] = [];
      if (ins.keyword === 'COPY') {
        for (const f of ins.flags) if (f.name === 'from' && f.value) refs.push({ how: `${ins.keyword} --from=${f.value}`, ref: f.value });
      }
      if (ins.keyword === 'RUN') {
        for (const m of runMounts(ins)) if (m.from) refs.push({ how: `RUN --mount=...from=${m.from}`, ref: m.from });
      }
      for (const { how, ref } of refs) {
        const { value, unresolved } = substitute(ref, ins.env, model.escape);
        if (unresolved.length) {
          undecided.push(`${how} on line ${ins.location.startLine} depends on ${unresolved.join(', ')}, which has no value here`);
          continue;
        }
        const own = value.toLowerCase() === stage.name || (/^\d+$/.test(value) && Number(value) === stage.index);
        if (own) {
          findings.push({
            message: `${how} names the stage it is in (${stage.name ? `"${stage.name}", ` : ''}stage ${stage.index}): a stage cannot copy from itself`,
            location: ins.location,
          });
        }
      }
    }
  }
  return decide(findings, undecided);
});
