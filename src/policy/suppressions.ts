/**
 * Inline suppressions on the comment lines right above an instruction, in our syntax and the dialects
 * users already have, resolved through the catalog's aliases:
 *   # cis-docker-gate ignore=dockerfile/last-user-root,DL3008 -- reason
 *   # hadolint ignore=DL3002
 *   # trivy:ignore:DS-0002
 *   # checkov:skip=CKV_DOCKER_3:reason
 */
import type { DockerfileModel } from '../dockerfile/model.js';

export interface Suppression {
  /** Ids or aliases as written. */
  ids: string[];
  reason: string;
  /** The comment's line. */
  line: number;
}

/** Suppressions written in one comment's text (the part after `#`), if it is one. */
export function parseSuppression(text: string, line: number): Suppression | undefined {
  const t = text.trim();
  let m = /^cis-docker-gate\s+ignore=([^\s]+)(?:\s+--\s*(.*))?$/i.exec(t);
  if (m) return { ids: m[1].split(','), reason: m[2]?.trim() || 'no reason given', line };
  m = /^hadolint\s+ignore=([A-Za-z0-9_,-]+)\s*(.*)$/i.exec(t);
  if (m) return { ids: m[1].split(','), reason: m[2]?.trim() || 'hadolint ignore', line };
  m = /^trivy:ignore:([A-Za-z0-9_-]+)\s*(.*)$/i.exec(t);
  if (m) return { ids: [m[1].replace(/^AVD-/i, '')], reason: m[2]?.trim() || 'trivy ignore', line };
  m = /^checkov:skip=([A-Za-z0-9_]+)(?::(.*))?$/i.exec(t);
  if (m) return { ids: [m[1]], reason: m[2]?.trim() || 'checkov skip', line };
  return undefined;
}

/**
 * For each instruction start line, the suppressions in the block of comment lines directly above it.
 */
export function suppressionsByLine(model: DockerfileModel): Map<number, Suppression[]> {
  const commentAt = new Map(model.comments.map((c) => [c.line, c.text]));
  const out = new Map<number, Suppression[]>();
  for (const stage of model.stages) {
    for (const ins of stage.instructions) {
      const list: Suppression[] = [];
      for (let l = ins.location.startLine - 1; l >= 1 && commentAt.has(l); l--) {
        const s = parseSuppression(commentAt.get(l)!, l);
        if (s) list.push(s);
      }
      if (list.length) out.set(ins.location.startLine, list);
    }
  }
  for (const ins of model.globalArgs) {
    const s = parseSuppression(commentAt.get(ins.location.startLine - 1) ?? '', ins.location.startLine - 1);
    if (s) out.set(ins.location.startLine, [s]);
  }
  return out;
}
