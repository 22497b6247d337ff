/**
 * What the publishers share: which findings are shown (report-severity), where a finding is shown in the
 * repository (a repository-relative path and lines, or the target's anchor line), and how a finding is titled.
 * Pure: path arithmetic only, no file system.
 */
import { isAbsolute, posix } from 'node:path';
import { COMMAND_LINE_FILE, ENGINE_FILE } from '../host/model.js';
import { imageNameOf, isImageSubject } from '../image/model.js';
import { RUN_OPTIONS_FILE } from '../runtime/model.js';
import { SEVERITIES, severityRank, type Finding, type Location, type Severity } from '../types.js';
import type { FailOn } from '../policy/threshold.js';
import type { Report } from './report.js';

/** A place in the repository: a POSIX path relative to its root. Lines and columns are 1-based; endColumn exclusive. */
export interface RepoLocation {
  file: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  /** Where the finding really is, when it is shown on its target's anchor instead (`run option 2`, `/etc/docker/daemon.json:3`). */
  from?: string;
}

/**
 * Location files that are no file at all: the run options given to the gate, the engine's own answers, the
 * daemon's command line, the image itself (`image:NAME`). Whatever their name, they are never repository paths.
 */
export function namesAFile(file: string): boolean {
  return !!file && file !== RUN_OPTIONS_FILE && file !== ENGINE_FILE && file !== COMMAND_LINE_FILE && !isImageSubject(file);
}

/** A finding's own place, in words: `run option 2`, `the dockerd command line, column 9`, `image app:1`, `/etc/group:4`. */
export function describePlace(l: Location): string {
  if (l.file === RUN_OPTIONS_FILE) return `run option ${l.startLine}`;
  if (l.file === ENGINE_FILE) return 'the Docker engine (docker info, docker version)';
  if (l.file === COMMAND_LINE_FILE) return `the dockerd command line${l.startColumn > 1 ? `, column ${l.startColumn}` : ''}`;
  if (isImageSubject(l.file)) return `image ${imageNameOf(l.file)}`;
  return l.startLine >= 1 ? `${l.file}:${l.startLine}` : l.file;
}

/** Maps a path as the report has it to a repository-relative POSIX path, or undefined when it is outside. */
export type RepoPath = (file: string) => string | undefined;

/** The default: relative paths are repository paths (as when the gate runs at the repository root). */
export const relativeRepoPath: RepoPath = (file) => {
  if (!file || isAbsolute(file)) return undefined;
  const p = posix.normalize(file.replace(/\\/g, '/'));
  return p.startsWith('../') || p === '..' ? undefined : p.replace(/^\.\//, '');
};

/**
 * Where a finding is shown: its own location when that is a repository file, else its target's anchor line
 * (`from` then names the finding's own place); undefined when there is no anchor either (a host audit alone):
 * such a finding has no place in the repository, so SARIF leaves it out.
 */
export function repoLocation(report: Report, finding: Finding, repoPath: RepoPath = relativeRepoPath): RepoLocation | undefined {
  const own = namesAFile(finding.location.file) ? repoPath(finding.location.file) : undefined;
  if (own && finding.location.startLine >= 1) return clamp({ ...finding.location, file: own });
  const anchors = report.targets.filter((t) => t.anchor && repoPath(t.anchor.file));
  // Prefer the anchor of the target the finding is about (its file or image), else one of its kind, else the first.
  const anchor = (anchors.find((t) => t.name === finding.location.file) ?? anchors.find((t) => t.kind === finding.target) ?? anchors[0])?.anchor;
  if (anchor) return { ...clamp({ ...anchor, file: repoPath(anchor.file)! }), from: describePlace(finding.location) };
  return undefined;
}

function clamp(l: RepoLocation): RepoLocation {
  const startLine = Math.max(1, l.startLine);
  const endLine = Math.max(startLine, l.endLine || startLine);
  const startColumn = Math.max(1, l.startColumn || 1);
  const endColumn = endLine === startLine ? Math.max(startColumn + 1, l.endColumn || startColumn + 1) : Math.max(1, l.endColumn || 1);
  return { file: l.file, startLine, startColumn, endLine, endColumn };
}

/**
 * The lowest severity shown: report-severity, lowered to fail-on when that is lower, so a finding that fails
 * the gate is never hidden.
 */
export function effectiveReportSeverity(reportSeverity: Severity | undefined, failOn: FailOn): Severity {
  const shown = reportSeverity ?? 'info';
  if (failOn === 'never') return shown;
  return severityRank(failOn) < severityRank(shown) ? failOn : shown;
}

export function isShown(finding: Finding, lowest: Severity): boolean {
  return severityRank(finding.severity) >= severityRank(lowest);
}

/** `CIS 4.1 · dockerfile/last-user-root`, or `hygiene · <id>` for a rule outside the benchmark. */
export function findingTitle(f: { cis: string[]; ruleId: string }): string {
  return `${f.cis.length ? `CIS ${f.cis.join(', ')}` : 'hygiene'} · ${f.ruleId}`;
}

/** Most severe first, then by place. */
export function bySeverity(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    a.location.file.localeCompare(b.location.file) ||
    a.location.startLine - b.location.startLine ||
    a.location.startColumn - b.location.startColumn ||
    a.ruleId.localeCompare(b.ruleId)
  );
}

/** Open findings per severity. */
export function countOpen(findings: Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) if (f.status === 'open') counts[f.severity]++;
  return counts;
}

/** `1 critical, 2 high` (only the non-zero ones), or `none`. */
export function describeCounts(counts: Record<Severity, number>): string {
  const parts = SEVERITIES.filter((s) => counts[s]).map((s) => `${counts[s]} ${s}`);
  return parts.length ? parts.join(', ') : 'none';
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
