/**
 * `cis-docker-gate merge a.json b.json … [--json F] [--sarif F] [--summary F] [--format text|json] [--fail-on S]`:
 * the JSON reports of matrix jobs combined into one report, one SARIF run and one summary, and the gate decided
 * again over all of them (exit 1 when it fails).
 */
import { writeFileSync } from 'node:fs';
import { loadCatalog } from '../../catalog/catalog.js';
import { readReport, mergeReports } from '../../report/merge.js';
import { renderJson } from '../../report/json.js';
import { renderMarkdown } from '../../report/markdown.js';
import { renderSarif } from '../../report/sarif.js';
import { renderText } from '../../report/text.js';
import type { FailOn } from '../../policy/threshold.js';
import { EXIT, GateError } from '../../types.js';
import { policyWarnings, type Writable } from './common.js';

export interface MergeOptions {
  json?: string;
  sarif?: string;
  summary?: string;
  format?: string;
  failOn?: FailOn;
  output?: string;
}

function write(flag: string, path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw new GateError(`--${flag}: cannot write ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 2);
  }
}

export function mergeCommand(files: string[], options: MergeOptions, out: Writable, err: Writable): number {
  if (!files.length) throw new GateError('merge: give the JSON reports to merge (cis-docker-gate merge a.json b.json …)', 2);
  const format = options.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new GateError(`--format: "${format}" is not one of text, json`, 2);
  const report = mergeReports(files.map(readReport), options.failOn);
  // Custom rules' descriptions are in the policy, not the catalog: SARIF falls back to the findings' own.
  if (options.sarif) write('sarif', options.sarif, renderSarif(report, { catalog: loadCatalog() }));
  if (options.json) write('json', options.json, renderJson(report));
  if (options.summary) write('summary', options.summary, renderMarkdown(report, { files: { ...(options.sarif ? { sarif: options.sarif } : {}), ...(options.json ? { json: options.json } : {}) } }));
  const rendered = format === 'json' ? renderJson(report) : renderText(report);
  if (options.output) write('output', options.output, rendered);
  else out.write(rendered);
  for (const w of policyWarnings(report)) err.write(`${w}\n`);
  err.write(`cis-docker-gate: merged ${files.length} report${files.length === 1 ? '' : 's'} (${report.targets.length} target${report.targets.length === 1 ? '' : 's'})\n`);
  return report.passed ? EXIT.passed : EXIT.failed;
}
