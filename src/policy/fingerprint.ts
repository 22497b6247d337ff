/** Finding fingerprints that survive moved lines and reformatted whitespace. */
import { createHash } from 'node:crypto';

/** Whitespace-insensitive form of the text a finding is about (an instruction, a config value). */
export function normalize(text: string): string {
  return text.replace(/\\\s*\n/g, ' ').replace(/\s+/g, ' ').trim();
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
