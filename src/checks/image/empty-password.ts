/** Hygiene: accounts with an empty password field in /etc/shadow or /etc/passwd (login without a password). */
import { layerLocation } from '../../image/model.js';
import type { RawFinding } from '../../types.js';
import { imageCheck, skip } from '../check.js';

export default imageCheck((image) => {
  if (!image.walked) return skip('the image layers were not read');
  const { passwd, shadow } = image.accounts;
  if (!passwd && !shadow) return skip('the image has no /etc/passwd or /etc/shadow');
  const findings: RawFinding[] = [];
  for (const file of [passwd, shadow]) {
    if (!file) continue;
    for (const e of file.entries) {
      if (e.password !== 'empty') continue;
      findings.push({
        message: `${file.path} line ${e.line}: account "${e.name}" has an empty password field: it may log in without a password`,
        location: layerLocation(image, file.layer),
        key: `empty-password:${file.path}:${e.name}`,
      });
    }
  }
  return { findings };
});
