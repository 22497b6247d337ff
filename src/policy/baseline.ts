/**
 * The baseline: the open findings of a day, remembered by fingerprint (`cis-docker-gate baseline --output F`),
 * so a legacy repository adopts the gate without a red build: with `baseline:` in the policy file, findings in it
 * are reported as baselined and do not fail the gate; new findings do. Fingerprints survive moved lines and
 * reformatted whitespace (src/policy/fingerprint.ts).
 */
import { readFileSync, statSync } from 'node:fs';
import type { Report } from '../report/report.js';
import { GateError, type Finding } from '../types.js';

export const BASELINE_VERSION = 1;
const MAX_BASELINE_BYTES = 64 * 1024 * 1024;

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  /** Where it was when recorded, for people reading the file. */
  file: string;
  line: number;
  message: string;
}

export interface BaselineFile {
  version: typeof BASELINE_VERSION;
  tool: { name: string; version: string };
  /** When it was recorded (ISO 8601). */
  created: string;
  findings: BaselineEntry[];
}

/** What the baseline did in a scan (report.config.baseline). */
export interface BaselineState {
  /** The baseline file as the policy names it. */
  file: string;
  /** Findings recorded in it. */
  entries: number;
  /** Findings of this scan it covered (marked baselined). */
  matched: number;
}

/** The baseline of a report: its open findings (and those an older baseline covered), sorted for stable diffs. */
export function createBaseline(report: Report, now: Date): BaselineFile {
  const findings = report.findings
    .filter((f) => f.status === 'open' || f.status === 'baselined')
    .map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, file: f.location.file, line: f.location.startLine, message: f.message }))
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.ruleId.localeCompare(b.ruleId) || a.fingerprint.localeCompare(b.fingerprint));
  const unique = findings.filter((f, i) => i === 0 || f.fingerprint !== findings[i - 1].fingerprint || f.file !== findings[i - 1].file);
  return { version: BASELINE_VERSION, tool: report.tool, created: now.toISOString(), findings: unique };
}

export function renderBaseline(baseline: BaselineFile): string {
  return JSON.stringify(baseline, null, 2) + '\n';
}

/** Reads a baseline file; `shown` names it in messages (exit 2 when it cannot be used). */
export function readBaseline(path: string, shown: string): BaselineFile {
  const fail = (why: string): never => {
    throw new GateError(`${shown}: ${why}`, 2);
  };
  let text = '';
  try {
    if (statSync(path).size > MAX_BASELINE_BYTES) fail(`the baseline is larger than ${MAX_BASELINE_BYTES} bytes`);
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof GateError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    fail(
      `cannot read the baseline (${code === 'ENOENT' ? 'no such file or directory; write it with `cis-docker-gate baseline --output ' + shown + '`' : code === 'EISDIR' ? 'it is a directory' : (code ?? (e as Error).message)})`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    fail(`not a baseline file: not valid JSON (${(e as Error).message})`);
  }
  const b = data as Partial<BaselineFile>;
  if (!b || typeof b !== 'object' || !Array.isArray(b.findings)) fail('not a baseline file: no findings list (write it with `cis-docker-gate baseline --output FILE`)');
  if (b.version !== BASELINE_VERSION) fail(`baseline version ${JSON.stringify(b.version)} is not supported (expected ${BASELINE_VERSION})`);
  b.findings!.forEach((f, i) => {
    if (!f || typeof f !== 'object' || typeof f.fingerprint !== 'string' || !f.fingerprint) fail(`findings[${i}]: has no fingerprint`);
  });
  return b as BaselineFile;
}

/** Marks open findings the baseline holds as baselined; returns how many. */
export function applyBaseline(findings: Finding[], fingerprints: ReadonlySet<string>, file: string): number {
  let n = 0;
  for (const f of findings) {
    if (f.status === 'open' && fingerprints.has(f.fingerprint)) {
      f.status = 'baselined';
      f.statusReason = `in the baseline ${file}: accepted when the gate was adopted`;
      n++;
    }
  }
  return n;
}
