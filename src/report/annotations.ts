/**
 * Annotations: which findings become workflow-command annotations on the pull request's lines.
 * GitHub shows at most 10 errors, 10 warnings and 10 notices per step and silently drops the rest, so the
 * most severe are chosen and the rest are counted, for the summary to say where to see them.
 */
import type { Finding, Severity } from '../types.js';
import type { Report } from './report.js';
import { bySeverity, describePlace, findingTitle, relativeRepoPath, repoLocation, type RepoPath } from './view.js';

export type AnnotationLevel = 'error' | 'warning' | 'notice';
export const ANNOTATION_LEVELS: readonly AnnotationLevel[] = ['error', 'warning', 'notice'];

/** What GitHub shows per level and step. */
export const ANNOTATIONS_PER_LEVEL = 10;

export interface Annotation {
  level: AnnotationLevel;
  /** `CIS 4.1 · dockerfile/last-user-root` */
  title: string;
  /** What was found, then the remediation. */
  message: string;
  /** Repository-relative path; absent when the finding has no place in the repository. */
  file?: string;
  startLine?: number;
  endLine?: number;
  /** 1-based, inclusive, and only when the finding is on one line (GitHub ignores columns otherwise). */
  startColumn?: number;
  endColumn?: number;
  finding: Finding;
}

export interface AnnotationSelection {
  annotations: Annotation[];
  /** Findings that would have been annotated but were over GitHub's per-level limit. */
  notAnnotated: Record<AnnotationLevel, number>;
  notAnnotatedTotal: number;
}

export function annotationLevel(severity: Severity): AnnotationLevel {
  return severity === 'critical' || severity === 'high' ? 'error' : severity === 'info' ? 'notice' : 'warning';
}

export function toAnnotation(report: Report, f: Finding, repoPath: RepoPath = relativeRepoPath): Annotation {
  const loc = repoLocation(report, f, repoPath);
  // Shown on its target's anchor, or on no file at all: the message says where the finding is.
  const place = loc ? loc.from : describePlace(f.location);
  const a: Annotation = {
    level: annotationLevel(f.severity),
    title: findingTitle(f),
    message: `${f.message}${place ? ` (found in ${place})` : ''}\n\nRemediation: ${f.remediation.trim()}`,
    finding: f,
  };
  if (loc) {
    a.file = loc.file;
    a.startLine = loc.startLine;
    a.endLine = loc.endLine;
    if (loc.startLine === loc.endLine) {
      a.startColumn = loc.startColumn;
      a.endColumn = Math.max(loc.startColumn, loc.endColumn - 1);
    }
  }
  return a;
}

/**
 * All annotations for the given findings, most severe first (only open findings are annotated; suppressed,
 * waived and baselined ones are listed in the summary).
 */
export function allAnnotations(report: Report, findings: Finding[], repoPath: RepoPath = relativeRepoPath): Annotation[] {
  return findings
    .filter((f) => f.status === 'open')
    .sort(bySeverity)
    .map((f) => toAnnotation(report, f, repoPath));
}

/** Choose at most `limit` annotations per level, most severe first; count the rest. */
export function selectAnnotations(
  report: Report,
  findings: Finding[],
  repoPath: RepoPath = relativeRepoPath,
  limit = ANNOTATIONS_PER_LEVEL,
): AnnotationSelection {
  const taken: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 };
  const notAnnotated: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 };
  const annotations: Annotation[] = [];
  for (const a of allAnnotations(report, findings, repoPath)) {
    if (taken[a.level] < limit) {
      taken[a.level]++;
      annotations.push(a);
    } else {
      notAnnotated[a.level]++;
    }
  }
  return { annotations, notAnnotated, notAnnotatedTotal: notAnnotated.error + notAnnotated.warning + notAnnotated.notice };
}
