/** CIS 5.7/5.9: the final image EXPOSEs port 22, which means an SSH server is meant to run in the container. */
import { finalInstructions } from '../../dockerfile/model.js';
import { dockerfileCheck, skip } from '../check.js';
import { judgeExposes, shownPort } from '../support.js';

const SSH = 22;

export default dockerfileCheck((model) => {
  if (model.finalStage < 0) return skip('the Dockerfile has no stage');
  return judgeExposes(
    finalInstructions(model),
    model.escape,
    (port) => (port.range && port.range.start <= SSH && SSH <= port.range.end ? shownPort(port) : undefined),
    (hits) => `the final image exposes the SSH port 22: EXPOSE ${hits.join(', ')}`,
  );
});
