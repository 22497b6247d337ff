/**
 * CIS 4.9 on the image: ADD in the history (COPY does the same without fetching URLs or unpacking archives).
 * The base image's own ADD (its root filesystem, or any ADD before the user's instructions) is the base
 * image's doing: info. An ADD of a URL is not local content and is not reported here.
 */
import { historyKeyword } from '../../image/history.js';
import { imageCheck } from '../check.js';
import type { RawFinding } from '../../types.js';

export default imageCheck((image) => {
  const findings: RawFinding[] = [];
  for (const h of image.history) {
    if (historyKeyword(h.createdBy) !== 'ADD') continue;
    const text = h.createdBy.replace(/\s*#\s*buildkit$/, '').replace(/^\/bin\/sh -c #\(nop\)\s+/, '').trim();
    const args = text.split(/\s+/).slice(1).filter((a) => !a.startsWith('--'));
    if (args.length && /^[a-z][a-z0-9+.-]*:\/\//i.test(args[0])) continue;
    const base = h.origin === 'base';
    findings.push({
      message: base
        ? `the base image added its own content with ADD (history entry ${h.index + 1}): not this Dockerfile's doing`
        : `history entry ${h.index + 1} adds local content with ADD (${text.slice(0, 100)}): use COPY`,
      location: h.instruction?.location ?? image.fallback,
      ...(base ? { severity: 'info' as const } : {}),
      key: `add:${text}`,
    });
  }
  return { findings };
});
