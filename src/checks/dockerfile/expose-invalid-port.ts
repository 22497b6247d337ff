/** Hygiene: an EXPOSE that is not a port Docker accepts (outside 0-65535, not a number, unknown protocol). */
import { allInstructions } from '../../dockerfile/model.js';
import { dockerfileCheck, skip } from '../check.js';
import { judgeExposes, shownPort } from '../support.js';

export default dockerfileCheck((model) => {
  if (model.finalStage < 0) return skip('the Dockerfile has no stage');
  return judgeExposes(
    allInstructions(model),
    model.escape,
    (port) => (port.invalid ? `${shownPort(port)} ${port.invalid}` : undefined),
    (bad) => `EXPOSE names an invalid port: ${bad.join('; ')}`,
  );
});
