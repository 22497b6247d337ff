/** CIS 4.2: a base image without a tag, or with `:latest`, changes under the build without notice. */
import { familiarImageRef } from '../../dockerfile/image-ref.js';
import { dockerfileCheck } from '../check.js';
import { judgeBaseImages, shownImage } from '../support.js';

export default dockerfileCheck((model) =>
  judgeBaseImages(model, (base) => {
    const { ref } = base;
    if (ref.digest !== undefined) return undefined; // a digest fixes the image whatever the tag says
    if (ref.tag === undefined) {
      return {
        message: `FROM ${shownImage(base)} has no tag, so Docker uses ${familiarImageRef({ ...ref, tag: 'latest' })}, which moves whenever the image is republished`,
        location: base.stage.from.location,
      };
    }
    if (ref.tag === 'latest') {
      return {
        message: `FROM ${shownImage(base)} uses the latest tag, which moves whenever the image is republished`,
        location: base.stage.from.location,
      };
    }
    return undefined;
  }),
);
