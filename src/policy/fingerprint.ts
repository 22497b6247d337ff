/** Finding fingerprints that survive moved lines and reformatted whitespace. */
import { createHash } from 'node:crypto';
import type { Location } from '../types.js';

/** Whitespace-insensitive form of the text a finding is about (an instruction, a config value). */
export function normalize(text: string): string {
  return text.replace(/\\\s*\n/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * The source text a location covers, column-exact (1-based columns, endColumn exclusive): for a command inside
 * a RUN that is the command alone, not the whole line, so splitting or joining the RUN's lines keeps it.
 */
export function spanText(lines: readonly string[], loc: Location): string {
  const first = Math.max(1, loc.startLine);
  const last = Math.max(first, loc.endLine || first);
  const picked = lines.slice(first - 1, last);
  if (!picked.length) return '';
  const startCol = Math.max(1, loc.startColumn || 1);
  const endCol = loc.endColumn && loc.endColumn > 0 ? loc.endColumn : undefined;
  if (picked.length === 1) return picked[0].slice(startCol - 1, endCol !== undefined && endCol > startCol ? endCol - 1 : undefined);
  picked[0] = picked[0].slice(startCol - 1);
  if (endCol !== undefined) picked[picked.length - 1] = picked[picked.length - 1].slice(0, endCol - 1);
  return picked.join('\n');
}

export function fingerprint(ruleId: string, subject: string, anchor: string): string {
  return createHash('sha256').update(`${ruleId}\0${subject}\0${normalize(anchor)}`).digest('hex').slice(0, 32);
}

/** Make fingerprints unique: the second identical one becomes `<fp>:2`, and so on. */
export function disambiguate<T extends { fingerprint: string }>(items: T[]): T[] {
  const seen = new Map<string, number>();
  for (const item of items) {
    const n = (seen.get(item.fingerprint) ?? 0) + 1;
    seen.set(item.fingerprint, n);
    if (n > 1) item.fingerprint = `${item.fingerprint}:${n}`;
  }
  return items;
}
