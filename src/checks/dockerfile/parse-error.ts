/** A Dockerfile or RUN body that cannot be read as Docker and the shell read it: nothing else about it can be proven. */
import { allInstructions } from '../../dockerfile/model.js';
import type { RawFinding } from '../../types.js';
import { dockerfileCheck } from '../check.js';

export default dockerfileCheck((model) => {
  const findings: RawFinding[] = model.errors.map((e) => ({ message: e.message, location: e.location }));
  for (const ins of allInstructions(model)) {
    const err = ins.shell?.error;
    if (err) findings.push({ message: `RUN body is not valid shell: ${err.message}`, location: err.location });
  }
  return { findings };
});
