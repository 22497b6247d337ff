/**
 * CIS 4.8 on the image: files with the setuid or setgid bit in the final filesystem. Low when a base-image
 * layer brought them, high when the user's own layers did, medium when no Dockerfile tells which is which.
 * Paths (or globs) in the `allow` option are accepted.
 */
import picomatch from 'picomatch';
import { describeLayer, layerLocation, octal, type FileFact } from '../../image/model.js';
import type { RawFinding, Severity } from '../../types.js';
import { imageCheck, listOption, skip } from '../check.js';

export default imageCheck((image, options) => {
  if (!image.walked) return skip('the image layers were not read');
  const allowed = picomatch(listOption(options, 'allow').length ? listOption(options, 'allow') : ['!**'], { dot: true });
  const byPath = new Map<string, FileFact[]>();
  for (const f of image.files) {
    if ((f.kind !== 'setuid' && f.kind !== 'setgid') || f.removedIn !== undefined || allowed(f.path)) continue;
    byPath.set(f.path, [...(byPath.get(f.path) ?? []), f]);
  }
  const findings: RawFinding[] = [];
  for (const [path, facts] of byPath) {
    const f = facts[0];
    const bits = facts.map((x) => x.kind).join(' and ');
    const origin = image.layers[f.layer - 1]?.origin ?? 'unknown';
    const severity: Severity = origin === 'base' ? 'low' : origin === 'user' ? 'high' : 'medium';
    findings.push({
      message: `${path} has ${bits} (mode ${octal(f.mode)}, owner ${f.uid}:${f.gid}), from ${describeLayer(image, f.layer)}`,
      location: layerLocation(image, f.layer),
      severity,
      key: `setuid:${path}`,
    });
  }
  const dropped = (image.dropped.setuid ?? 0) + (image.dropped.setgid ?? 0);
  if (dropped) findings.push({ message: `${dropped} more setuid/setgid entries were not listed`, location: image.fallback, key: 'setuid:more' });
  return { findings };
});
