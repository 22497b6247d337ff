/** CIS 4.7 on the image: a RUN in the history that updates a package index without installing in the same step. */
import { MappedTextBuilder, parseShell } from '../../dockerfile/shell.js';
import { runLine } from '../../image/history.js';
import { imageCheck } from '../check.js';
import { packageActions } from '../support.js';
import type { RawFinding } from '../../types.js';

export default imageCheck((image) => {
  const findings: RawFinding[] = [];
  for (const h of image.history) {
    const run = runLine(h.createdBy);
    if (!run) continue;
    const text = new MappedTextBuilder();
    text.add(run.body, 1, 1);
    const actions = packageActions(parseShell(text.build(), 'history').commands);
    const updates = actions.filter((a) => a.verb === 'update');
    if (!updates.length || actions.some((a) => a.verb === 'install' || a.verb === 'upgrade')) continue;
    const managers = [...new Set(updates.map((a) => a.manager))].join(', ');
    const base = h.origin === 'base';
    findings.push({
      message: `history entry ${h.index + 1}${base ? ' (base image)' : ''} updates the ${managers} package index without installing anything in the same step: a later install may use a stale cache layer`,
      location: h.instruction?.location ?? image.fallback,
      ...(base ? { severity: 'info' as const } : {}),
      key: `update-alone:${h.createdBy}`,
    });
  }
  return { findings };
});
