/** CIS 4.1: some USER must reach the final stage; otherwise the container runs as the base image's user, root by default. */
import { stageChain } from '../../dockerfile/model.js';
import { dockerfileCheck, pass, skip } from '../check.js';

export default dockerfileCheck((model) => {
  if (model.finalStage < 0) return skip('the Dockerfile has no stage');
  const chain = stageChain(model);
  if (chain.some((s) => s.instructions.some((i) => i.keyword === 'USER'))) return pass();
  const final = chain[0];
  return {
    findings: [
      {
        message: `no USER instruction reaches the final stage${final.name ? ` "${final.name}"` : ''}: the container runs as the base image's user (root unless ${final.baseImage} sets another)`,
        location: final.from.location,
      },
    ],
  };
});
