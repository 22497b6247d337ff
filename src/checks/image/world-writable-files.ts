/** Hygiene: world-writable files and directories in the final filesystem, outside tmp-like places. */
import { describeLayer, layerLocation, octal } from '../../image/model.js';
import type { RawFinding } from '../../types.js';
import { imageCheck, listOption, skip } from '../check.js';

export default imageCheck((image, options) => {
  if (!image.walked) return skip('the image layers were not read');
  const allowDirs = listOption(options, 'allowDirs');
  const findings: RawFinding[] = [];
  for (const f of image.files) {
    if (f.kind !== 'world-writable' || f.removedIn !== undefined) continue;
    if (f.type === 'dir' && f.mode & 0o1000) continue; // sticky: a tmp-like directory wherever it is
    if (allowDirs.some((d) => f.path === d || f.path.startsWith(d.endsWith('/') ? d : d + '/'))) continue;
    findings.push({
      message: `${f.path} is a world-writable ${f.type === 'dir' ? 'directory' : 'file'} (mode ${octal(f.mode)}), from ${describeLayer(image, f.layer)}: any user in the container can change it`,
      location: layerLocation(image, f.layer),
      key: `world-writable:${f.path}`,
    });
  }
  if (image.dropped['world-writable']) findings.push({ message: `${image.dropped['world-writable']} more world-writable entries were not listed`, location: image.fallback, key: 'world-writable:more' });
  return { findings };
});
