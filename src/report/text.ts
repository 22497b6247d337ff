/** The terminal report: one line per finding, then a one-line summary. */
import { SEVERITIES } from '../types.js';
import type { Report } from './report.js';

export function renderText(report: Report): string {
  const lines: string[] = [];
  for (const f of report.findings) {
    const loc = `${f.location.file}:${f.location.startLine}:${f.location.startColumn}`;
    const cis = f.cis.length ? `CIS ${f.cis.join(',')}` : 'hygiene';
    const status = f.status === 'open' ? '' : `  [${f.status}: ${f.statusReason ?? ''}]`;
    lines.push(`${loc}  ${f.severity}  ${f.ruleId}  ${cis}  ${f.message}${status}`);
  }
  const open = report.findings.filter((f) => f.status === 'open').length;
  const notOpen = report.findings.length - open;
  const counts = SEVERITIES.filter((s) => report.counts[s]).map((s) => `${report.counts[s]} ${s}`);
  const verdicts = { pass: 0, fail: 0, skip: 0 };
  for (const r of report.rules) verdicts[r.status]++;
  const gate =
    report.failOn === 'never' ? 'report only (fail-on never)' : report.passed ? `passed (fail-on ${report.failOn})` : `FAILED (fail-on ${report.failOn})`;
  lines.push(
    `${open} open finding${open === 1 ? '' : 's'}${counts.length ? ` (${counts.join(', ')})` : ''}` +
      `${notOpen ? `, ${notOpen} suppressed/waived` : ''}; rules: ${verdicts.pass} pass, ${verdicts.fail} fail, ${verdicts.skip} skip; gate ${gate}`,
  );
  return lines.join('\n') + '\n';
}
