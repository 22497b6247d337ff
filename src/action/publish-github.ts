/**
 * The opt-in publishers that talk to the GitHub API: a check run with every annotation (50 per request, the
 * API's limit) and one sticky pull-request comment found by a hidden marker. Neither ever fails the step: a
 * read-only token (a pull request from a fork) turns into a notice in the summary, any other error into a warning.
 */
import type { getOctokit } from '@actions/github';
import type { Annotation } from '../report/annotations.js';

/** The API's limit of annotations per create or update request. */
export const CHECK_ANNOTATIONS_PER_REQUEST = 50;
export const CHECK_RUN_NAME = 'CIS Docker gate';

export interface Repo {
  owner: string;
  repo: string;
}

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
}

export interface CheckOutput {
  title: string;
  summary: string;
  annotations?: CheckAnnotation[];
}

export type Conclusion = 'success' | 'failure' | 'neutral';

/** The few endpoints used, so tests can stand in for them. */
export interface GitHubApi {
  createCheckRun(p: { name: string; head_sha: string; status: 'in_progress' | 'completed'; conclusion?: Conclusion; output: CheckOutput }): Promise<{ id: number }>;
  updateCheckRun(id: number, p: { status?: 'in_progress' | 'completed'; conclusion?: Conclusion; output: CheckOutput }): Promise<void>;
  listComments(issue: number): Promise<Array<{ id: number; body?: string | null }>>;
  createComment(issue: number, body: string): Promise<{ id: number }>;
  updateComment(id: number, body: string): Promise<void>;
}

type Octokit = ReturnType<typeof getOctokit>;

export function octokitApi(octokit: Octokit, repo: Repo): GitHubApi {
  return {
    async createCheckRun(p) {
      const res = await octokit.rest.checks.create({ ...repo, ...p });
      return { id: res.data.id };
    },
    async updateCheckRun(id, p) {
      await octokit.rest.checks.update({ ...repo, check_run_id: id, ...p });
    },
    async listComments(issue) {
      return octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: issue, per_page: 100 });
    },
    async createComment(issue, body) {
      const res = await octokit.rest.issues.createComment({ ...repo, issue_number: issue, body });
      return { id: res.data.id };
    },
    async updateComment(id, body) {
      await octokit.rest.issues.updateComment({ ...repo, comment_id: id, body });
    },
  };
}

export function checkAnnotation(a: Annotation): CheckAnnotation | undefined {
  if (!a.file || !a.startLine) return undefined;
  const c: CheckAnnotation = {
    path: a.file,
    start_line: a.startLine,
    end_line: a.endLine ?? a.startLine,
    annotation_level: a.level === 'error' ? 'failure' : a.level,
    message: a.message.slice(0, 60_000),
    title: a.title,
  };
  if (a.startColumn !== undefined && c.start_line === c.end_line) {
    c.start_column = a.startColumn;
    c.end_column = a.endColumn ?? a.startColumn;
  }
  return c;
}

export interface PublishOutcome {
  ok: boolean;
  /** A sentence for the summary when it did not work, or what was done. */
  message: string;
  requests?: number;
}

/**
 * One check run on the head commit: created with the first 50 annotations, then updated with 50 more per
 * request; completed with its conclusion by the last request.
 */
export async function publishCheckRun(
  api: GitHubApi,
  p: { headSha: string; title: string; summary: string; conclusion: Conclusion; annotations: CheckAnnotation[] },
): Promise<PublishOutcome> {
  const batches: CheckAnnotation[][] = [];
  for (let i = 0; i < p.annotations.length; i += CHECK_ANNOTATIONS_PER_REQUEST) batches.push(p.annotations.slice(i, i + CHECK_ANNOTATIONS_PER_REQUEST));
  if (!batches.length) batches.push([]);
  const output = (batch: CheckAnnotation[]): CheckOutput => ({ title: p.title, summary: p.summary, ...(batch.length ? { annotations: batch } : {}) });
  try {
    const last = batches.length === 1;
    const { id } = await api.createCheckRun({
      name: CHECK_RUN_NAME,
      head_sha: p.headSha,
      status: last ? 'completed' : 'in_progress',
      ...(last ? { conclusion: p.conclusion } : {}),
      output: output(batches[0]),
    });
    for (let i = 1; i < batches.length; i++) {
      const done = i === batches.length - 1;
      await api.updateCheckRun(id, { ...(done ? { status: 'completed' as const, conclusion: p.conclusion } : {}), output: output(batches[i]) });
    }
    return { ok: true, message: `check run "${CHECK_RUN_NAME}" with ${p.annotations.length} annotations`, requests: batches.length };
  } catch (e) {
    return { ok: false, message: degraded('check-run', 'checks: write', e) };
  }
}

/** The hidden marker that finds our comment again; one per workflow job and set of targets. */
export function commentMarker(key: string): string {
  return `<!-- cis-docker-gate:pr-comment ${key.replace(/--+/g, '-').replace(/[<>]/g, '')} -->`;
}

/** Update the pull request's comment that carries the marker, or create it. */
export async function publishComment(api: GitHubApi, p: { issue: number; marker: string; body: string }): Promise<PublishOutcome> {
  const body = `${p.marker}\n${p.body}`;
  try {
    const comments = await api.listComments(p.issue);
    const mine = comments.find((c) => (c.body ?? '').includes(p.marker));
    if (mine) {
      await api.updateComment(mine.id, body);
      return { ok: true, message: `updated comment ${mine.id} on #${p.issue}` };
    }
    const { id } = await api.createComment(p.issue, body);
    return { ok: true, message: `created comment ${id} on #${p.issue}` };
  } catch (e) {
    return { ok: false, message: degraded('pr-comment', 'pull-requests: write', e) };
  }
}

function degraded(input: string, permission: string, e: unknown): string {
  const status = (e as { status?: number }).status;
  const what = input === 'check-run' ? 'The check run was not published' : 'The pull-request comment was not posted';
  if (status === 403 || status === 404) {
    return (
      `${what}: the token may not write here (HTTP ${status}). On a pull request from a fork the workflow token is read-only; ` +
      `elsewhere give the job \`permissions: ${permission}\`. The annotations and this summary are complete.`
    );
  }
  return `${what} (${status ? `HTTP ${status}: ` : ''}${((e as Error)?.message ?? String(e)).split('\n')[0]}). The annotations and this summary are complete.`;
}
