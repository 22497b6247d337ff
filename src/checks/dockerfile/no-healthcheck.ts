/** CIS 4.6: the final image should say how to tell that it is healthy. `HEALTHCHECK NONE` is a decision too. */
import { stageChain } from '../../dockerfile/model.js';
import { dockerfileCheck, pass, skip } from '../check.js';

export default dockerfileCheck((model) => {
  if (model.finalStage < 0) return skip('the Dockerfile has no stage');
  const chain = stageChain(model);
  if (chain.some((s) => s.instructions.some((i) => i.keyword === 'HEALTHCHECK'))) return pass();
  const final = chain[0];
  const root = chain[chain.length - 1];
  return {
    findings: [
      {
        message: `no HEALTHCHECK reaches the final stage${final.name ? ` "${final.name}"` : ''}: nothing tells Docker how to detect that the container stopped working${
          root.baseImage === 'scratch' ? '' : ` (unless the base image ${root.baseImage} defines one)`
        }`,
        location: final.from.location,
      },
    ],
  };
});
