/** Hygiene: MAINTAINER is deprecated; a LABEL carries the author and tools can read it. */
import { allInstructions } from '../../dockerfile/model.js';
import { dockerfileCheck, skip } from '../check.js';

export default dockerfileCheck((model) => {
  if (model.finalStage < 0) return skip('the Dockerfile has no stage');
  return {
    findings: allInstructions(model)
      .filter((i) => i.keyword === 'MAINTAINER')
      .map((i) => ({
        message: 'MAINTAINER is deprecated: use LABEL org.opencontainers.image.authors="..." instead',
        location: i.location,
      })),
  };
});
