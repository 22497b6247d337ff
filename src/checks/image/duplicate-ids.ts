/** Hygiene: two accounts with one UID in /etc/passwd, or two groups with one GID in /etc/group. */
import { layerLocation, type AccountFile } from '../../image/model.js';
import type { RawFinding } from '../../types.js';
import { imageCheck, skip } from '../check.js';

function duplicates(file: AccountFile | undefined, what: string, out: RawFinding[], layerLoc: (n: number) => RawFinding['location']): void {
  if (!file) return;
  const byId = new Map<number, string[]>();
  for (const e of file.entries) if (e.id >= 0) byId.set(e.id, [...(byId.get(e.id) ?? []), e.name]);
  for (const [id, names] of byId) {
    if (names.length < 2) continue;
    out.push({
      message: `${file.path}: ${what} ${id} is shared by ${names.map((n) => `"${n}"`).join(', ')}: files and processes of one belong to the others`,
      location: layerLoc(file.layer),
      key: `duplicate-id:${file.path}:${id}`,
    });
  }
}

export default imageCheck((image) => {
  if (!image.walked) return skip('the image layers were not read');
  const { passwd, group } = image.accounts;
  if (!passwd && !group) return skip('the image has no /etc/passwd or /etc/group');
  const findings: RawFinding[] = [];
  duplicates(passwd, 'UID', findings, (n) => layerLocation(image, n));
  duplicates(group, 'GID', findings, (n) => layerLocation(image, n));
  return { findings };
});
