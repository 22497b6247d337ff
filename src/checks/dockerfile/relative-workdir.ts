/**
 * Hygiene: a relative WORKDIR before any absolute one in its stage (or the stages it is built on) lands wherever the
 * base image's WORKDIR happens to be. After an absolute WORKDIR a relative one is resolved against it, as Docker does.
 */
import type { Stage } from '../../dockerfile/model.js';
import { substitute } from '../../dockerfile/substitute.js';
import type { RawFinding } from '../../types.js';
import { dockerfileCheck, skip } from '../check.js';
import { decide } from '../support.js';

/** `/app`, and on Windows `C:\app`, `C:/app` or `\app`. */
const isAbsolute = (p: string) => p.startsWith('/') || p.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(p);

/** What is known about the working directory: set absolutely, never set by this Dockerfile, or not knowable. */
type Known = 'absolute' | 'inherited' | 'unknown';

export default dockerfileCheck((model) => {
  if (model.finalStage < 0) return skip('the Dockerfile has no stage');
  const findings: RawFinding[] = [];
  const undecided: string[] = [];
  const knownAtEnd = new Map<number, Known>();
  for (const stage of model.stages as Stage[]) {
    let known: Known = stage.parentStage !== undefined ? (knownAtEnd.get(stage.parentStage) ?? 'inherited') : 'inherited';
    for (const ins of stage.instructions) {
      if (ins.keyword !== 'WORKDIR') continue;
      const written = ins.args.trim().replace(/^["']|["']$/g, '');
      const { value, unresolved } = substitute(written, ins.env, model.escape);
      if (unresolved.length) {
        if (known !== 'absolute') {
          undecided.push(`WORKDIR ${written} on line ${ins.location.startLine} depends on ${unresolved.join(', ')}, which has no value here; pass it with --build-arg`);
          known = 'unknown';
        }
        continue;
      }
      if (isAbsolute(value)) {
        known = 'absolute';
      } else if (known === 'inherited') {
        const shown = value === written ? written : `${written} (= ${value})`;
        findings.push({
          message: `WORKDIR ${shown} is relative and no absolute WORKDIR comes before it: it resolves against the base image's working directory`,
          location: ins.location,
        });
      } else if (known === 'unknown') {
        undecided.push(`WORKDIR ${written} on line ${ins.location.startLine} is relative to a WORKDIR whose value is not known here`);
      }
    }
    knownAtEnd.set(stage.index, known);
  }
  return decide(findings, undecided);
});
