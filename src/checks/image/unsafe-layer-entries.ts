/** Hygiene: layer tar entries with absolute names or `..`: a well-built layer has neither; a crafted one may. */
import { layerLocation } from '../../image/model.js';
import type { RawFinding } from '../../types.js';
import { imageCheck, skip } from '../check.js';

export default imageCheck((image) => {
  if (!image.walked) return skip('the image layers were not read');
  const findings: RawFinding[] = image.files
    .filter((f) => f.kind === 'unsafe-path')
    .map((f) => ({
      message: `layer ${f.layer} has an entry named "${f.path}" (${f.detail ?? 'absolute or with ..'}): a tool that unpacks it may write outside its target directory`,
      location: layerLocation(image, f.layer),
      key: `unsafe:${f.layer}:${f.path}`,
    }));
  return { findings };
});
