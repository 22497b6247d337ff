/**
 * Inline suppressions on the comment lines right above an instruction, in our syntax and the dialects
 * users already have, resolved through the catalog's aliases:
 *   # cis-docker-gate ignore=dockerfile/last-user-root,DL3008 -- reason
 *   # hadolint ignore=DL3002            (and `# hadolint global ignore=DL3002` for the whole file)
 *   # trivy:ignore:DS-0002              (also AVD-DS-0002 and the older DS002)
 *   # checkov:skip=CKV_DOCKER_3:reason
 */
import type { DockerfileModel } from '../dockerfile/model.js';

export interface Suppression {
  /** Ids or aliases as written (Trivy ids normalised to DS-0002). */
  ids: string[];
  reason: string;
  /** The comment's line. */
  line: number;
  /** `# hadolint global ignore=...`: applies to every instruction of the file. */
  global?: boolean;
}

/** `DS002`, `DS-0002`, `AVD-DS-0002` -> `DS-0002`, the form the catalog's aliases use. */
function trivyId(id: string): string {
  const m = /^(?:AVD-)?DS-?0*(\d+)$/i.exec(id);
  return m ? `DS-${m[1].padStart(4, '0')}` : id;
}

/** `a,b -- reason` (also `a, b  reason`): the comma-separated ids, then the reason, with or without `--`. */
function idsAndReason(rest: string): { ids: string[]; reason: string } {
  const m = /^\s*([A-Za-z0-9_./-]+(?:\s*,\s*[A-Za-z0-9_./-]+)*)\s*(?:--(?:\s+|$))?(.*)$/.exec(rest);
  if (!m || m[1].startsWith('--')) return { ids: [], reason: '' };
  return { ids: m[1].split(/\s*,\s*/), reason: m[2].trim() };
}

/** Suppressions written in one comment's text (the part after `#`), if it is one. */
export function parseSuppression(text: string, line: number): Suppression | undefined {
  const t = text.trim();
  let m = /^cis-docker-gate\s+ignore=(.*)$/i.exec(t);
  if (m) {
    const { ids, reason } = idsAndReason(m[1]);
    return ids.length ? { ids, reason: reason || 'no reason given', line } : undefined;
  }
  m = /^hadolint\s+(global\s+)?ignore=(.*)$/i.exec(t);
  if (m) {
    const { ids, reason } = idsAndReason(m[2]);
    if (!ids.length) return undefined;
    return { ids, reason: reason || (m[1] ? 'hadolint global ignore' : 'hadolint ignore'), line, ...(m[1] ? { global: true } : {}) };
  }
  m = /^trivy:ignore:([A-Za-z0-9_-]+)(?::exp:(\S+))?\s*(.*)$/i.exec(t);
  if (m) {
    const reason = [m[3]?.trim() || 'trivy ignore', m[2] ? `(until ${m[2]})` : ''].filter(Boolean).join(' ');
    return { ids: [trivyId(m[1])], reason, line };
  }
  m = /^checkov:skip=([A-Za-z0-9_]+)(?::(.*))?$/i.exec(t);
  if (m) return { ids: [m[1]], reason: m[2]?.trim() || 'checkov skip', line };
  return undefined;
}

/**
 * For each instruction start line, the suppressions in the block of comment lines directly above it
 * (no blank line in between), plus the file's global ones.
 */
export function suppressionsByLine(model: DockerfileModel): Map<number, Suppression[]> {
  const commentAt = new Map(model.comments.map((c) => [c.line, c.text]));
  const global: Suppression[] = [];
  for (const c of model.comments) {
    const s = parseSuppression(c.text, c.line);
    if (s?.global) global.push(s);
  }
  const out = new Map<number, Suppression[]>();
  const instructions = [...model.globalArgs, ...model.stages.flatMap((s) => s.instructions)];
  for (const ins of instructions) {
    const list: Suppression[] = [];
    for (let l = ins.location.startLine - 1; l >= 1 && commentAt.has(l); l--) {
      const s = parseSuppression(commentAt.get(l)!, l);
      if (s && !s.global) list.push(s);
    }
    list.push(...global);
    if (list.length) out.set(ins.location.startLine, list);
  }
  return out;
}
