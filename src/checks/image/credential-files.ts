/**
 * CIS 4.10 on the image: credential files in any layer. A file deleted by a later layer is still in the layer
 * that added it, and anyone who pulls the image can extract it.
 */
import { describeLayer, layerLocation } from '../../image/model.js';
import type { RawFinding } from '../../types.js';
import { imageCheck, skip } from '../check.js';

export default imageCheck((image) => {
  if (!image.walked) return skip('the image layers were not read');
  const findings: RawFinding[] = [];
  for (const f of image.files) {
    if (f.kind !== 'credential') continue;
    const where = describeLayer(image, f.layer);
    findings.push({
      message:
        f.removedIn === undefined
          ? `${f.path} holds ${f.detail ?? 'a credential'}, in the final filesystem (${where})`
          : `${f.path} holds ${f.detail ?? 'a credential'}; removed in layer ${f.removedIn}, but still recoverable from ${where}`,
      location: layerLocation(image, f.layer),
      key: `credential:${f.path}:${f.layer}`,
    });
  }
  if (image.dropped.credential) findings.push({ message: `${image.dropped.credential} more credential files were not listed`, location: image.fallback, key: 'credential:more' });
  return { findings };
});
