/**
 * changed-lines-only: the lines a pull request changed, from git in the workspace, and the report narrowed to
 * the findings on them, plus the findings the pull request introduced elsewhere: deleting `USER app` makes the
 * unchanged `USER root` above it the last one, and that must not pass. A finding is introduced when the same
 * Dockerfile at the base commit does not have it (same fingerprint). When the lines cannot be computed (a
 * shallow checkout without the base commit), nothing is narrowed: every finding is annotated and gated, and the
 * summary says why.
 */
import { execFileSync } from 'node:child_process';
import type { Config } from '../config/config.js';
import { evaluateDockerfileText } from '../gate/dockerfile.js';
import { scanRules } from '../gate/rules.js';
import { gatePassed } from '../policy/threshold.js';
import type { Report } from '../report/report.js';
import { countOpen, repoLocation, type RepoPath } from '../report/view.js';
import type { Finding } from '../types.js';

/** Per repository path, the changed line ranges on the new side (inclusive). */
export type ChangedLines = Map<string, Array<[number, number]>>;

export interface PullRequestRange {
  base: string;
  head: string;
}

/**
 * The new-side lines of a `git diff --unified=0` output. A hunk that only deletes marks the lines on both sides
 * of the gap, since removing a line (a USER, a cleanup step) can make the lines around it wrong.
 */
export function parseUnifiedDiff(diff: string): ChangedLines {
  const out: ChangedLines = new Map();
  let file: string | undefined;
  for (const line of diff.split('\n')) {
    if (line.startsWith('diff --git ')) {
      file = undefined;
    } else if (line.startsWith('+++ ')) {
      const name = unquote(line.slice(4).replace(/\t$/, ''));
      file = name === '/dev/null' ? undefined : name.replace(/^b\//, '');
      if (file && !out.has(file)) out.set(file, []);
    } else if (file && line.startsWith('@@')) {
      const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (!m) continue;
      const start = Number(m[1]);
      const count = m[2] === undefined ? 1 : Number(m[2]);
      const ranges = out.get(file)!;
      if (count > 0) ranges.push([start, start + count - 1]);
      else ranges.push([Math.max(1, start), start + 1]);
    }
  }
  return out;
}

/** git's C-style quoting of unusual path names: "b/t\303\244st" -> b/täst. */
function unquote(name: string): string {
  if (!name.startsWith('"') || !name.endsWith('"')) return name;
  const bytes: number[] = [];
  const body = name.slice(1, -1);
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const next = body[++i];
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

export type ChangedLinesResult = { lines: ChangedLines; from: string } | { error: string };

function gitIn(workspace: string) {
  return (...args: string[]) =>
    execFileSync('git', ['-c', `safe.directory=${workspace}`, '-c', 'core.quotePath=false', ...args], {
      cwd: workspace,
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
}

/**
 * The lines changed by the pull request, as they are in the files checked out in the workspace (the files the
 * scan read): compared with the base branch when the merge commit is checked out, else with the merge base of
 * base and head.
 */
export function changedLines(workspace: string, pr: PullRequestRange): ChangedLinesResult {
  const git = gitIn(workspace);
  const tryGit = (...args: string[]): string | undefined => {
    try {
      return git(...args).trim();
    } catch {
      return undefined;
    }
  };
  if (tryGit('rev-parse', '--is-inside-work-tree') !== 'true') return { error: `${workspace} is not a git work tree` };
  for (const sha of [pr.base, pr.head]) {
    if (tryGit('cat-file', '-e', `${sha}^{commit}`) === undefined) {
      return { error: `commit ${sha.slice(0, 12)} is not in the checkout (a shallow clone? use actions/checkout with fetch-depth: 0)` };
    }
  }
  const parents = (tryGit('rev-list', '--parents', '-n', '1', 'HEAD') ?? '').split(/\s+/);
  let from: string | undefined;
  if (parents.length === 3 && parents[2] === pr.head) from = parents[1]; // the merge commit GitHub makes for the PR
  else from = tryGit('merge-base', pr.base, pr.head);
  if (!from) return { error: `no merge base of ${pr.base.slice(0, 12)} and ${pr.head.slice(0, 12)} in the checkout (use actions/checkout with fetch-depth: 0)` };
  let diff: string;
  try {
    diff = git('diff', '--unified=0', '--no-color', '--no-ext-diff', '--no-renames', '--src-prefix=a/', '--dst-prefix=b/', from, '--');
  } catch (e) {
    return { error: `git diff failed: ${((e as { stderr?: string }).stderr ?? (e as Error).message).toString().trim().split('\n')[0]}` };
  }
  return { lines: parseUnifiedDiff(diff), from };
}

export function onChangedLines(report: Report, f: Finding, lines: ChangedLines, repoPath: RepoPath): boolean {
  const loc = repoLocation(report, f, repoPath);
  if (!loc) return false;
  const ranges = lines.get(loc.file);
  return !!ranges?.some(([a, b]) => a <= loc.endLine && loc.startLine <= b);
}

/**
 * Fingerprints of the open Dockerfile findings that the same Dockerfile at commit `from` does not have: the
 * findings the pull request introduced, wherever their line is. A Dockerfile that did not exist is all new.
 */
export function introducedFindings(report: Report, workspace: string, from: string, config: Config, repoPath: RepoPath): Set<string> {
  const git = gitIn(workspace);
  // The rules the scan ran (custom ones included): a finding of a rule the base was not checked with is not new.
  const { rules, checks } = scanRules(config);
  const out = new Set<string>();
  for (const target of report.targets) {
    if (target.kind !== 'dockerfile') continue;
    const mine = report.findings.filter((f) => f.status === 'open' && f.location.file === target.name);
    if (!mine.length) continue;
    const path = repoPath(target.name);
    let before: Set<string> = new Set();
    try {
      if (path) {
        const text = git('show', `${from}:${path}`);
        const old = evaluateDockerfileText(text, target.name, rules, checks, {
          target: config.target,
          buildArgs: config.buildArgs,
          profile: config.profile,
          ruleOptions: config.ruleOptions,
          disabled: config.disabled,
        });
        before = new Set(old.findings.map((f) => f.fingerprint));
      }
    } catch {
      before = new Set(); // not in the base commit (a new file), or not a Dockerfile there: everything is new
    }
    for (const f of mine) if (!before.has(f.fingerprint)) out.add(f.fingerprint);
  }
  return out;
}

/**
 * The report the gate decides on: counts and passed cover only open findings on changed lines (or introduced by
 * the pull request); every finding stays in the report. Returns the fingerprints of the open findings outside.
 */
export function scopeToChangedLines(
  report: Report,
  lines: ChangedLines,
  pr: PullRequestRange,
  repoPath: RepoPath,
  introduced: ReadonlySet<string> = new Set(),
): { report: Report; outside: Set<string> } {
  const outside = new Set<string>();
  const inside: Finding[] = [];
  for (const f of report.findings) {
    if (f.status !== 'open') continue;
    if (introduced.has(f.fingerprint) || onChangedLines(report, f, lines, repoPath)) inside.push(f);
    else outside.add(f.fingerprint);
  }
  return {
    report: {
      ...report,
      counts: countOpen(inside),
      passed: gatePassed(inside, report.failOn),
      changedLinesOnly: { base: pr.base, head: pr.head, outside: outside.size },
    },
    outside,
  };
}
