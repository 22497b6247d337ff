/** docs/compared.md stays true: its rule ids exist (or are marked planned), every rule is in its CIS row, numbers map right. */
import { readFileSync } from 'node:fs';
import { loadCatalog } from '../../src/catalog/catalog.js';

const doc = readFileSync('docs/compared.md', 'utf8');
const rules = loadCatalog();
const ids = new Set(rules.map((r) => r.id));
const ID = /`((?:dockerfile|image|runtime|host)\/[a-z0-9]+(?:-[a-z0-9]+)*)`( \(planned\))?/g;

interface Row {
  cis: string;
  benchNumber: string;
  bench: string;
  gate: string;
}

const rows: Row[] = doc
  .split('\n')
  .filter((l) => /^\| \d+(\.\d+)+ \|/.test(l))
  .map((l) => {
    const cells = l.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
    return { cis: cells[0], bench: cells[2], benchNumber: cells[2].split(':')[0], gate: cells[3] };
  });

function range(section: number, last: number): string[] {
  return Array.from({ length: last }, (_, i) => `${section}.${i + 1}`);
}

describe('docs/compared.md', () => {
  test('lists every CIS v1.8.0 control of sections 2 to 5 once, with the two section 1 controls the host audit covers', () => {
    const expected = ['1.1.2', '1.2.2', ...range(2, 19), ...range(3, 24), ...range(4, 12), ...range(5, 32)];
    expect(rows.map((r) => r.cis)).toEqual(expected);
  });

  test('every rule id it names exists, unless it is marked (planned); a planned one that exists must lose the mark', () => {
    const missing: string[] = [];
    const landed: string[] = [];
    for (const m of doc.matchAll(ID)) {
      if (m[2] && ids.has(m[1])) landed.push(m[1]);
      if (!m[2] && !ids.has(m[1])) missing.push(m[1]);
    }
    expect({ missing, landed }).toEqual({ missing: [], landed: [] });
  });

  test('every rule with a CIS number of sections 1 to 5 is named in that control\'s row', () => {
    const absent: string[] = [];
    for (const r of rules) {
      for (const cis of r.cis) {
        const row = rows.find((x) => x.cis === cis);
        if (!row) continue; // a section 1 control the table does not cover
        if (![...row.gate.matchAll(ID)].some((m) => m[1] === r.id && !m[2])) absent.push(`${r.id} (CIS ${cis}): add it to the row of ${cis}`);
      }
    }
    expect(absent).toEqual([]);
    for (const r of rules.filter((x) => x.target === 'host' && x.cis.length)) {
      expect([r.id, rows.some((row) => r.cis.includes(row.cis))]).toEqual([r.id, true]);
    }
  });

  test("each host rule's docker-bench alias is the docker-bench number in its row", () => {
    for (const r of rules.filter((x) => x.target === 'host' && x.cis.length)) {
      const row = rows.find((x) => x.cis === r.cis[0])!;
      const bench = row.benchNumber === '—' ? [] : [row.benchNumber];
      expect([r.id, r.aliases['docker-bench'] ?? []]).toEqual([r.id, bench]);
    }
  });
});
