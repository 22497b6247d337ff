/** Merged reports keep what every report's sandbox withheld and every hardening trial, each on its runtime target. */
import { validator } from '../../src/catalog/validate.js';
import { renderJson } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { mergeReports } from '../../src/report/merge.js';
import type { HardeningTrial, Report, ReportTarget, WithheldSetting } from '../../src/report/report.js';
import { report } from './fixtures.js';

const privileged: WithheldSetting = { setting: 'privileged: true', reason: 'never granted to an unvetted image' };
const ports: WithheldSetting = { setting: 'ports: ["8080:8080"]', reason: 'ports are not published from the sandbox' };
const trialA: HardeningTrial = { succeeded: true, detail: 'It started and stayed up for 1.5 s.', runOptions: ['--read-only', '--cap-drop=ALL'] };
const trialB: HardeningTrial = { succeeded: false, detail: 'It exited with code 1 after 0.2 s.', compose: 'services:\n  app:\n    read_only: true\n' };

/** A report as one runtime scan writes it: the outcomes on its runtime target and at the report level. */
function runtimeReport(name: string, withheld: WithheldSetting[], trial?: HardeningTrial): Report {
  const target: ReportTarget = { kind: 'runtime', name, ...(withheld.length ? { withheld } : {}), ...(trial ? { hardeningTrial: trial } : {}) };
  const r = report([], { targets: [target], rules: [] });
  if (withheld.length) r.withheld = withheld;
  if (trial) r.hardeningTrial = trial;
  return r;
}

const viaJson = (r: Report): Report => JSON.parse(renderJson(r));

test('every report\'s withheld settings and hardening trial are carried, each on its runtime target', () => {
  const a = runtimeReport('runtime:app-a:1', [privileged], trialA);
  const b = runtimeReport('runtime:app-b:1', [privileged, ports], trialB);
  const merged = viaJson(mergeReports([a, b]));
  expect(merged.targets).toEqual([
    { kind: 'runtime', name: 'runtime:app-a:1', withheld: [privileged], hardeningTrial: trialA },
    { kind: 'runtime', name: 'runtime:app-b:1', withheld: [privileged, ports], hardeningTrial: trialB },
  ]);
  // the report-level summary, as a single scan has it: every withheld setting once, the first trial
  expect(merged.withheld).toEqual([privileged, ports]);
  expect(merged.hardeningTrial).toEqual(trialA);
  const validate = validator('report.schema.json');
  expect(validate(merged) ? [] : validate.errors).toEqual([]);
});

test('a report written before targets carried them: its report-level outcomes go on its runtime target', () => {
  const old = runtimeReport('runtime:old:1', [ports], trialB);
  delete old.targets[0].withheld;
  delete old.targets[0].hardeningTrial;
  const a = runtimeReport('runtime:app-a:1', [privileged], trialA);
  const merged = mergeReports([a, old]);
  expect(merged.targets.map((t) => [t.name, t.withheld, t.hardeningTrial])).toEqual([
    ['runtime:app-a:1', [privileged], trialA],
    ['runtime:old:1', [ports], trialB],
  ]);
  expect(merged.withheld).toEqual([privileged, ports]);
});

test('a report without a runtime outcome changes nothing; one report merged alone is itself', () => {
  const plain = report([]);
  const a = runtimeReport('runtime:app-a:1', [privileged], trialA);
  const merged = mergeReports([plain, a]);
  expect(merged.targets).toEqual([...plain.targets, ...a.targets]);
  expect(viaJson(mergeReports([a]))).toEqual(viaJson(a));
});

test('the summary of a merged report shows each runtime target\'s withheld settings and trial under its name', () => {
  const md = renderMarkdown(mergeReports([runtimeReport('runtime:app-a:1', [privileged], trialA), runtimeReport('runtime:app-b:1', [ports], trialB)]));
  expect(md).toContain('### What the sandbox withheld of `runtime:app-a:1`');
  expect(md).toContain('### What the sandbox withheld of `runtime:app-b:1`');
  expect(md).toContain('### Hardening trial of `runtime:app-a:1`\n\n✅ The image starts and stays up under the CIS-hardened profile. It started and stayed up for 1.5 s.');
  expect(md).toContain('### Hardening trial of `runtime:app-b:1`\n\n❌ The image did not run under the CIS-hardened profile. It exited with code 1 after 0.2 s.');
  // one runtime target: the sections as a single scan has them
  const single = renderMarkdown(runtimeReport('runtime:app-a:1', [privileged], trialA));
  expect(single).toContain('### What the sandbox withheld\n');
  expect(single).toContain('### Hardening trial\n');
});
