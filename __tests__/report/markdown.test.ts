/** The job summary: verdict first, counts, per-target tables, findings, collapsed suppressions, never over 1 MiB. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../../src/catalog/catalog.js';
import { scan } from '../../src/gate/scan.js';
import { renderErrorMarkdown, renderMarkdown, SUMMARY_MAX_BYTES } from '../../src/report/markdown.js';
import type { Finding } from '../../src/types.js';
import { dockerSaveTar, layerTar } from '../image/archive-helpers.js';
import { finding, report, sev, verdict } from './fixtures.js';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

test('a failed gate says so first, and why', () => {
  const r = report([sev('critical', { line: 3, message: 'AWS secret in ENV AWS_SECRET_ACCESS_KEY=AKIA…redacted' }), sev('high', { line: 14 }), sev('low', { line: 2 })]);
  const md = renderMarkdown(r);
  expect(md.startsWith('## ❌ CIS Docker gate failed')).toBe(true);
  const firstLines = md.split('\n').slice(0, 8).join('\n');
  expect(firstLines).toContain('**2 open findings at or above high**');
  expect(firstLines).toContain('1 critical, 1 high');
  expect(firstLines).toContain('`Dockerfile:3`');
  expect(md).toContain('| **Open** | **1** | **1** | 0 | **1** | 0 |');
});

test('a passed gate and a report-only gate', () => {
  expect(renderMarkdown(report([sev('low')])).startsWith('## ✅ CIS Docker gate passed')).toBe(true);
  expect(renderMarkdown(report([sev('low')]))).toContain('1 open finding below it (1 low)');
  expect(renderMarkdown(report([sev('critical')], { failOn: 'never' })).startsWith('## ℹ️ CIS Docker gate: report only')).toBe(true);
});

test('a table per target grouped by CIS section, with pass, fail and skip (and the skip reason) for every rule', () => {
  const rules = [
    verdict({ id: 'dockerfile/no-healthcheck', cis: ['4.6'], status: 'pass', severity: 'low' }),
    verdict({ id: 'dockerfile/last-user-root', cis: ['4.1'], status: 'fail' }),
    verdict({ id: 'dockerfile/base-image-untrusted-registry', cis: ['4.2'], status: 'skip', reason: 'no registry allow-list configured' }),
    verdict({ id: 'dockerfile/expose-ssh', cis: ['5.7', '5.9'], status: 'pass' }),
    verdict({ id: 'dockerfile/maintainer', cis: [], status: 'pass', severity: 'info' }),
    verdict({ id: 'dockerfile/last-user-root', subject: 'other/Dockerfile', status: 'pass' }),
  ];
  const md = renderMarkdown(
    report([finding({ line: 4 })], { rules, targets: [{ kind: 'dockerfile', name: 'Dockerfile', stage: 'final' }, { kind: 'dockerfile', name: 'other/Dockerfile' }] }),
  );
  expect(md).toContain('<b>Dockerfile (dockerfile, stage final)</b>: 1 fail, 3 pass, 1 skip');
  expect(md).toContain('<b>other/Dockerfile (dockerfile)</b>: 0 fail, 1 pass, 0 skip');
  const table = md.slice(md.indexOf('<b>Dockerfile'), md.indexOf('<b>other/'));
  const order = ['Section 4 ·', '4.1 | `dockerfile/last-user-root`', '4.2 | `dockerfile/base-image-untrusted-registry`', '4.6 | `dockerfile/no-healthcheck`', 'Section 5 ·', '5.7, 5.9', 'Hygiene', '`dockerfile/maintainer`'];
  const at = order.map((s) => table.indexOf(s));
  expect(at.every((i) => i >= 0)).toBe(true);
  expect([...at].sort((a, b) => a - b)).toEqual(at);
  expect(table).toContain('⏭️ skip | no registry allow-list configured |');
  expect(table).toContain('❌ fail | 1 finding |');
});

test('the image target has its table like any other: named as its verdicts\' subject, it lists every image rule', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cdg-md-image-'));
  try {
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\nCOPY app /app\n');
    const layer = await layerTar([{ name: 'app', content: 'x' }]);
    writeFileSync(join(dir, 'image.tar'), await dockerSaveTar({ layers: [layer], history: [{ created_by: 'COPY app /app # buildkit' }] }, 'test/image:1'));
    const r = await scan({ dockerfiles: [join(dir, 'Dockerfile')], imageArchive: join(dir, 'image.tar'), image: 'test/image:1', buildArgs: {}, failOn: 'never', profile: 'all', ruleOptions: {}, disabled: [] });
    expect(r.targets.map((t) => `${t.kind} ${t.name}`)).toEqual([`dockerfile ${join(dir, 'Dockerfile')}`, 'image image:test/image:1']);
    // one naming convention: every target's name is the subject of its verdicts
    for (const t of r.targets) expect(r.rules.filter((v) => v.subject === t.name).map((v) => v.target)).toEqual(expect.arrayContaining([t.kind]));
    const imageRules = loadCatalog().filter((rule) => rule.target === 'image');
    const md = renderMarkdown(r);
    const start = md.indexOf('<b>image:test/image:1 (image)</b>');
    expect(start).toBeGreaterThan(0);
    const table = md.slice(start, md.indexOf('</details>', start));
    const [, fail, pass, skip] = /: (\d+) fail, (\d+) pass, (\d+) skip/.exec(table)!.map(Number);
    expect(fail + pass + skip).toBe(imageRules.length);
    for (const rule of imageRules) expect(table).toContain(`\`${rule.id}\``);
    expect(table).not.toContain('`dockerfile/');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('findings link to their lines on the head commit when the repository is known', () => {
  const md = renderMarkdown(report([finding({ file: 'svc/a b/Dockerfile', line: 7, location: { file: 'svc/a b/Dockerfile', startLine: 7, startColumn: 1, endLine: 9, endColumn: 2 } })]), {
    blobBase: 'https://github.com/o/r/blob/abc123/',
  });
  expect(md).toContain('[svc/a b/Dockerfile:7-9](https://github.com/o/r/blob/abc123/svc/a%20b/Dockerfile#L7-L9)');
});

test('suppressed and waived findings are in a collapsed section with their reasons', () => {
  const md = renderMarkdown(
    report([finding({ status: 'suppressed', statusReason: 'line 2: entrypoint drops privileges' }), finding({ status: 'waived', statusReason: 'legacy, expires 2099-01-01' }), finding()]),
  );
  const start = md.indexOf('<details><summary>2 suppressed, waived or baselined findings</summary>');
  expect(start).toBeGreaterThan(md.indexOf('### Findings (1)'));
  const section = md.slice(start, md.indexOf('</details>', start));
  expect(section).toContain('| suppressed | high |');
  expect(section).toContain('entrypoint drops privileges');
  expect(section).toContain('| waived |');
  expect(section).toContain('legacy, expires 2099-01-01');
});

test('report-severity: lower findings are counted, not listed; annotation overflow says where to look', () => {
  const md = renderMarkdown(report([sev('high'), sev('low', { line: 2 }), sev('info', { line: 3 })]), {
    lowestShown: 'medium',
    annotations: { notAnnotated: { error: 3, warning: 2, notice: 0 }, notAnnotatedTotal: 5 },
    files: { sarif: 'out/results.sarif', json: 'out/report.json' },
  });
  expect(md).toContain('2 open findings below report-severity **medium** (1 low, 1 info) are counted but not listed.');
  expect(md).toContain('### Findings (1)');
  expect(md).toContain('5 findings (3 errors, 2 warnings) were not annotated');
  expect(md).toContain('the SARIF file `out/results.sarif` and the JSON report `out/report.json`');
});

test('changed-lines-only: the scope is stated, findings outside are collapsed and not gated', () => {
  const inside = sev('high', { line: 5 });
  const outside = sev('critical', { line: 1 });
  const r = { ...report([inside, outside]), changedLinesOnly: { base: 'a'.repeat(40), head: 'b'.repeat(40), outside: 1 } };
  const md = renderMarkdown(r, { outsideScope: new Set([outside.fingerprint]) });
  expect(md).toContain('Only findings on lines this pull request changed (`aaaaaaa`…`bbbbbbb`)');
  expect(md).toContain('1 open finding outside the changed lines (not gated)');
  expect(md).toContain('| Outside the changed lines | 1 | 0 |');
  expect(md).toContain('**1 open finding at or above high**');
});

test('what the sandbox withheld and the hardening-trial snippet, when the report has them', () => {
  const r = {
    ...report([]),
    withheld: [{ setting: 'privileged: true', reason: 'never granted to an unvetted image' }],
    hardeningTrial: { succeeded: true, compose: 'read_only: true\ncap_drop: [ALL]', runOptions: ['--read-only', '--cap-drop=ALL'] },
  };
  const md = renderMarkdown(r);
  expect(md).toContain('### What the sandbox withheld');
  expect(md).toContain('- `privileged: true`: never granted to an unvetted image');
  expect(md).toContain('```yaml\nread_only: true\ncap_drop: [ALL]\n```');
  expect(md).toContain('--read-only \\\n  --cap-drop=ALL');
});

test('messages cannot break the Markdown: pipes, HTML and backticks are neutralised', () => {
  const md = renderMarkdown(report([finding({ message: 'RUN a | b <script>alert(1)</script> `x`\nnext' })]));
  expect(md).toContain('RUN a \\| b &lt;script&gt;alert(1)&lt;/script&gt; `x` next |');
  expect(md).not.toContain('<script>');
});

test('a huge report stays under 1 MiB, keeps the verdict and the hardening snippet, and says it was cut', () => {
  const findings: Finding[] = [];
  for (let i = 0; i < 30_000; i++) findings.push(sev(i % 7 === 0 ? 'critical' : 'medium', { line: i + 1, file: `services/s${i % 400}/Dockerfile`, message: `finding number ${i} `.repeat(4) }));
  const targets = Array.from({ length: 400 }, (_, i) => ({ kind: 'dockerfile' as const, name: `services/s${i}/Dockerfile` }));
  const rules = targets.flatMap((t) => Array.from({ length: 40 }, (_, k) => verdict({ id: `dockerfile/rule-${k}`, subject: t.name, cis: [`4.${k % 11}`], status: 'pass' })));
  const r = { ...report(findings, { targets, rules }), hardeningTrial: { succeeded: true, runOptions: ['--read-only'] } };
  const started = Date.now();
  const md = renderMarkdown(r, { files: { sarif: 'results.sarif' } });
  expect(Date.now() - started).toBeLessThan(5000);
  expect(bytes(md)).toBeLessThanOrEqual(SUMMARY_MAX_BYTES);
  expect(bytes(md)).toBeGreaterThan(SUMMARY_MAX_BYTES * 0.9);
  expect(md.startsWith('## ❌ CIS Docker gate failed')).toBe(true);
  expect(md).toContain('This summary was cut to stay under GitHub');
  expect(md).toContain('Everything is in the SARIF file `results.sarif`');
  expect(md).toContain('### Hardening trial');
  // findings are kept before the long per-target tables
  expect(md).toContain('### Findings (30000)');
  // every <details> that was opened is closed
  expect(md.split('<details').length).toBe(md.split('</details>').length);
});

test('a small maximum (the pull-request comment) is honoured too', () => {
  const findings = Array.from({ length: 2000 }, (_, i) => sev('high', { line: i + 1 }));
  const md = renderMarkdown(report(findings), { maxBytes: 60_000 });
  expect(bytes(md)).toBeLessThanOrEqual(60_000);
  expect(md).toContain('This summary was cut');
});

test('an error page names the kind of error and its exit code', () => {
  expect(renderErrorMarkdown('input fail-on: "urgent" is not one of ...', 2)).toContain('Configuration error (exit 2)');
  expect(renderErrorMarkdown('no engine answered', 3)).toContain('Engine or internal error (exit 3)');
});
