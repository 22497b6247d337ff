/** CIS 4.2: a base image named only by tag can be replaced behind the tag; a digest names exactly one image. */
import { dockerfileCheck } from '../check.js';
import { judgeBaseImages, shownImage } from '../support.js';

export default dockerfileCheck((model) =>
  judgeBaseImages(model, (base) =>
    base.ref.digest !== undefined
      ? undefined
      : {
          message: `FROM ${shownImage(base)} is not pinned by digest (@sha256:…): ${
            base.ref.tag === undefined ? 'whatever image latest points to at build time is used' : `the tag ${base.ref.tag} can be pointed at a different image at any time`
          }`,
          location: base.stage.from.location,
        },
  ),
);
