/** Hygiene: build files left in the final filesystem: .git directories, Dockerfiles, compose files. */
import picomatch from 'picomatch';
import { describeLayer, layerLocation } from '../../image/model.js';
import type { RawFinding } from '../../types.js';
import { imageCheck, listOption, skip } from '../check.js';

export default imageCheck((image, options) => {
  if (!image.walked) return skip('the image layers were not read');
  const ignore = listOption(options, 'ignore');
  const ignored = ignore.length ? picomatch(ignore, { dot: true }) : () => false;
  const findings: RawFinding[] = [];
  for (const f of image.files) {
    if (f.kind !== 'build-leftover' || f.removedIn !== undefined || ignored(f.path)) continue;
    findings.push({
      message: `${f.path} (${f.detail ?? 'a build file'}) is in the final filesystem, from ${describeLayer(image, f.layer)}: it does not belong in the image; exclude it in .dockerignore`,
      location: layerLocation(image, f.layer),
      key: `leftover:${f.path}`,
    });
  }
  return { findings };
});
