/**
 * End to end: the committed bundle dist/index.js run with `node`, exactly as the runner does: INPUT_* variables
 * (hyphens kept), GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_EVENT_PATH with a pull_request payload, and
 * GITHUB_WORKSPACE holding a real git repository whose second commit changes Dockerfile lines. The GitHub API is
 * a local HTTP server implementing the endpoints used; GITHUB_API_URL points at it.
 */
import { execFileSync } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { multitoolProblems, schemaErrors } from '../report/sarif-validate.js';
import { OWNER, REPO, ROOT, commands, runAction, type Workspace } from './runner.js';

// ---------------------------------------------------------------------------------------------------------------
// The fake GitHub API.

interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  body: any;
  auth?: string;
}

class FakeGitHub {
  requests: Recorded[] = [];
  comments: Array<{ id: number; body: string }> = [];
  /** Comments per page, whatever per_page asks, so pagination is exercised. */
  pageSize = 2;
  /** A fork's read-only token: every write is refused. */
  readOnly = false;
  private nextId = 1000;
  private server: Server = createServer((req, res) => this.handle(req, res));
  url = '';

  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }

  reset(): void {
    this.requests = [];
    this.comments = [];
    this.readOnly = false;
    this.nextId = 1000;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', this.url);
      const rec: Recorded = { method: req.method ?? '', path: url.pathname, query: url.searchParams, body: raw ? JSON.parse(raw) : undefined, auth: req.headers.authorization };
      this.requests.push(rec);
      const send = (status: number, data: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(data));
      };
      const denied = () => send(403, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest' });
      const base = `/repos/${OWNER}/${REPO}`;
      let m: RegExpExecArray | null;
      if (rec.method === 'POST' && rec.path === `${base}/check-runs`) {
        if (this.readOnly) return denied();
        return send(201, { id: ++this.nextId, ...rec.body });
      }
      if (rec.method === 'PATCH' && (m = new RegExp(`^${base}/check-runs/(\\d+)$`).exec(rec.path))) {
        if (this.readOnly) return denied();
        return send(200, { id: Number(m[1]), ...rec.body });
      }
      if (rec.method === 'GET' && (m = new RegExp(`^${base}/issues/(\\d+)/comments$`).exec(rec.path))) {
        const page = Number(url.searchParams.get('page') ?? '1');
        const last = Math.max(1, Math.ceil(this.comments.length / this.pageSize));
        const link = (p: number) => `<${this.url}${rec.path}?per_page=${url.searchParams.get('per_page') ?? 30}&page=${p}>`;
        const links = [...(page < last ? [`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`] : []), ...(page > 1 ? [`${link(1)}; rel="first"`, `${link(page - 1)}; rel="prev"`] : [])];
        return send(200, this.comments.slice((page - 1) * this.pageSize, page * this.pageSize), links.length ? { link: links.join(', ') } : {});
      }
      if (rec.method === 'POST' && (m = new RegExp(`^${base}/issues/(\\d+)/comments$`).exec(rec.path))) {
        if (this.readOnly) return denied();
        const c = { id: ++this.nextId, body: rec.body.body as string };
        this.comments.push(c);
        return send(201, c);
      }
      if (rec.method === 'PATCH' && (m = new RegExp(`^${base}/issues/comments/(\\d+)$`).exec(rec.path))) {
        if (this.readOnly) return denied();
        const c = this.comments.find((x) => x.id === Number(m![1]));
        if (!c) return send(404, { message: 'Not Found' });
        c.body = rec.body.body;
        return send(200, c);
      }
      send(404, { message: `Not Found: ${rec.method} ${rec.path}` });
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The workspace: a git repository with a base commit and a pull-request head commit.

const ROOT_USER = 'FROM debian:12\nRUN useradd app\nUSER root\nCMD ["app"]\n';
const BASE_DOCKERFILE = ['FROM debian:12', 'RUN useradd --uid 10001 app', 'USER root', 'RUN echo setup', 'USER 10001', 'CMD ["app"]', ''].join('\n');
// The PR removes the final USER (line 5), so the root USER on line 3 becomes the last; it also adds api/Dockerfile.
const HEAD_DOCKERFILE = ['FROM debian:12', 'RUN useradd --uid 10001 app', 'USER root', 'RUN echo setup', 'CMD ["app"]', ''].join('\n');

function gitRepo(): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'cdg-e2e-'));
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'e2e', GIT_AUTHOR_EMAIL: 'e2e@example.com', GIT_COMMITTER_NAME: 'e2e', GIT_COMMITTER_EMAIL: 'e2e@example.com' } }).trim();
  const write = (name: string, text: string) => {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  };
  git('init', '-q', '-b', 'main');
  write('Dockerfile', BASE_DOCKERFILE);
  write('legacy/Dockerfile', ROOT_USER); // a finding that predates the pull request
  for (let i = 0; i < 60; i++) write(`many/${String(i).padStart(2, '0')}/Dockerfile`, ROOT_USER);
  write('clean/Dockerfile', `FROM debian:12@sha256:${'a'.repeat(64)}\nUSER 10001\nHEALTHCHECK CMD ["/app/health"]\nCMD ["/app/run"]\n`);
  git('add', '.');
  git('commit', '-q', '-m', 'base');
  const base = git('rev-parse', 'HEAD');
  write('Dockerfile', HEAD_DOCKERFILE);
  write('api/Dockerfile', ROOT_USER);
  git('add', '.');
  git('commit', '-q', '-m', 'pull request');
  const head = git('rev-parse', 'HEAD');
  return { dir, base, head };
}

// ---------------------------------------------------------------------------------------------------------------

const api = new FakeGitHub();
let ws: Workspace;

beforeAll(async () => {
  // The bundle under test is the committed one; rebuilding first keeps it in step with the sources being tested
  // (check-dist proves the committed copy is what this produces).
  execFileSync('npm', ['run', '--silent', 'bundle'], { cwd: ROOT, stdio: 'pipe' });
  ws = gitRepo();
  await api.start();
}, 180_000);

afterAll(async () => {
  await api.stop();
  rmSync(ws.dir, { recursive: true, force: true });
});

beforeEach(() => api.reset());

test('changed-lines-only: annotates and fails only on findings on lines the pull request changed', async () => {
  const r = await runAction(ws, { dockerfile: 'Dockerfile\napi/Dockerfile\nlegacy/Dockerfile', 'changed-lines-only': 'true' });
  expect(r.code).toBe(1);
  const errors = commands(r.stdout, 'error');
  const annotated = errors.filter((e) => e.file).map((e) => `${e.file}:${e.line} ${e.title}`);
  // A finding on a line the PR did not touch, in a file it did not touch: reported, not annotated, not gated.
  expect(annotated).not.toContain('legacy/Dockerfile:3 CIS 4.1 · dockerfile/last-user-root');
  // A new file: all its lines changed.
  expect(annotated).toContain('api/Dockerfile:3 CIS 4.1 · dockerfile/last-user-root');
  // USER root on line 3 of Dockerfile is unchanged, but the PR deleted the USER after it: the finding is new.
  expect(annotated).toContain('Dockerfile:3 CIS 4.1 · dockerfile/last-user-root');
  const gate = errors.find((e) => !e.file)!;
  expect(gate.message).toMatch(/^cis-docker-gate: gate failed: \d+ open findings? at or above high/);
  const api3 = errors.find((e) => e.file === 'api/Dockerfile' && e.line === '3')!;
  expect(api3).toMatchObject({ endLine: '3', col: '1', title: 'CIS 4.1 · dockerfile/last-user-root' });
  expect(api3.message).toContain('Remediation:');

  expect(r.outputs.passed).toBe('false');
  const json = JSON.parse(readFileSync(r.outputs['json-file'], 'utf8'));
  expect(json.changedLinesOnly).toMatchObject({ base: ws.base, head: ws.head });
  expect(json.changedLinesOnly.outside).toBeGreaterThanOrEqual(1);
  // Every finding stays in the report; outputs count the gated ones.
  expect(json.findings.some((f: any) => f.location.file === 'legacy/Dockerfile' && f.ruleId === 'dockerfile/last-user-root')).toBe(true);
  expect(Number(r.outputs.high)).toBe(json.counts.high);
  expect(Number(r.outputs['findings-count'])).toBe(Object.values(json.counts as Record<string, number>).reduce((a, b) => a + b, 0));

  expect(r.summary.startsWith('## ❌ CIS Docker gate failed')).toBe(true);
  expect(r.summary).toContain('Only findings on lines this pull request changed');
  expect(r.summary).toMatch(/open findings? outside the changed lines \(not gated\)/);
  expect(r.summary).toContain(`[api/Dockerfile:3](https://github.com/${OWNER}/${REPO}/blob/${ws.head}/api/Dockerfile#L3)`);
});

test('without changed-lines-only every finding is annotated; SARIF validates (schema and Multitool)', async () => {
  const r = await runAction(ws, { dockerfile: 'Dockerfile\napi/Dockerfile\nlegacy/Dockerfile' });
  expect(r.code).toBe(1);
  const annotated = commands(r.stdout, 'error')
    .filter((e) => e.file)
    .map((e) => `${e.file}:${e.line}`);
  expect(annotated).toEqual(expect.arrayContaining(['Dockerfile:3', 'api/Dockerfile:3', 'legacy/Dockerfile:3']));
  expect(r.outputs['sarif-file']).toBe(join(dirname(r.outputs['json-file']), 'results.sarif'));
  const sarif = JSON.parse(readFileSync(r.outputs['sarif-file'], 'utf8'));
  expect(schemaErrors(sarif)).toEqual([]);
  expect(multitoolProblems(r.outputs['sarif-file'], 'Gh')).toEqual([]);
  const uris = sarif.runs[0].results.map((x: any) => `${x.locations[0].physicalLocation.artifactLocation.uri}:${x.locations[0].physicalLocation.region.startLine}`);
  expect(uris).toEqual(expect.arrayContaining(['Dockerfile:3', 'api/Dockerfile:3', 'legacy/Dockerfile:3']));
  expect(sarif.runs[0].versionControlProvenance[0]).toMatchObject({ repositoryUri: `https://github.com/${OWNER}/${REPO}`, revisionId: ws.head });
});

test('with only a Dockerfile and defaults, a clean file passes', async () => {
  const r = await runAction(ws, { dockerfile: 'clean/Dockerfile' }, { event: 'push' });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.outputs).toMatchObject({ passed: 'true', critical: '0', high: '0' });
  expect(r.summary.startsWith('## ✅ CIS Docker gate passed')).toBe(true);
});

test('over 10 errors: 10 are annotated, the summary says how many were not and where they are', async () => {
  const r = await runAction(ws, { dockerfile: 'many/*/Dockerfile', 'report-severity': 'high' }, { event: 'push' });
  expect(commands(r.stdout, 'error').filter((e) => e.file)).toHaveLength(10);
  const errors = Number(r.outputs.critical) + Number(r.outputs.high);
  expect(errors).toBeGreaterThanOrEqual(60);
  expect(r.summary).toContain(`GitHub shows at most 10 annotations of each level per step: ${errors - 10} findings (${errors - 10} errors) were not annotated`);
  expect(r.summary).toContain('results.sarif');
});

test('check run: every annotation in batches of 50 on the head sha; sticky comment found across pages and updated', async () => {
  api.comments = Array.from({ length: 5 }, (_, i) => ({ id: i + 1, body: `comment ${i + 1}` }));
  const inputs = { dockerfile: 'many/*/Dockerfile', 'report-severity': 'high', 'check-run': 'true', 'pr-comment': 'true' };
  const first = await runAction(ws, inputs, { api: api.url });
  expect(first.code).toBe(1);

  // Every open finding shown (report-severity high) is an annotation: 60 root USERs at least, 50 per request.
  const shown = Number(first.outputs.critical) + Number(first.outputs.high);
  expect(shown).toBeGreaterThanOrEqual(60);
  const checks = api.requests.filter((q) => q.path.includes('/check-runs'));
  expect(checks.map((q) => q.method)).toEqual(['POST', ...Array(Math.ceil(shown / 50) - 1).fill('PATCH')]);
  expect(checks[0].body).toMatchObject({ name: 'CIS Docker gate', head_sha: ws.head, status: 'in_progress' });
  expect(checks.slice(1).every((q) => q.path === `/repos/${OWNER}/${REPO}/check-runs/1001`)).toBe(true);
  expect(checks.slice(0, -1).every((q) => q.body.output.annotations.length === 50 && q.body.conclusion === undefined)).toBe(true);
  expect(checks[checks.length - 1].body).toMatchObject({ status: 'completed', conclusion: 'failure' });
  expect(checks[checks.length - 1].body.output.annotations).toHaveLength(shown - 50 * (checks.length - 1));
  const all = checks.flatMap((q) => q.body.output.annotations);
  const roots = all.filter((a: any) => a.title === 'CIS 4.1 · dockerfile/last-user-root');
  expect(new Set(roots.map((a: any) => a.path)).size).toBe(60);
  expect(roots.every((a: any) => a.annotation_level === 'failure' && a.start_line === 3 && a.message.includes('Remediation:'))).toBe(true);
  expect(checks.every((q) => q.auth === 'token ghs_e2e_token')).toBe(true);

  const pages = api.requests.filter((q) => q.method === 'GET').map((q) => q.query.get('page') ?? '1');
  expect(pages).toEqual(['1', '2', '3']);
  const created = api.requests.filter((q) => q.method === 'POST' && q.path.endsWith('/issues/12/comments'));
  expect(created).toHaveLength(1);
  expect(created[0].body.body).toMatch(/^<!-- cis-docker-gate:pr-comment CIS\/gate\/[0-9a-f]{8} -->\n## ❌ CIS Docker gate failed/);
  expect(api.comments).toHaveLength(6);

  // The second run walks all four pages (7 comments, 2 a page) and updates its own comment, now on the last page.
  const mine = api.comments[api.comments.length - 1];
  api.requests = [];
  api.comments.splice(2, 0, { id: 77, body: 'another reviewer' });
  const second = await runAction(ws, inputs, { api: api.url });
  expect(second.code).toBe(1);
  expect(api.requests.filter((q) => q.method === 'GET').map((q) => q.query.get('page') ?? '1')).toEqual(['1', '2', '3', '4']);
  const patched = api.requests.filter((q) => q.method === 'PATCH' && q.path.includes('/issues/comments/'));
  expect(patched.map((q) => q.path)).toEqual([`/repos/${OWNER}/${REPO}/issues/comments/${mine.id}`]);
  expect(patched[0].body.body.split('\n')[0]).toBe(created[0].body.body.split('\n')[0]);
  expect(api.requests.filter((q) => q.method === 'POST' && q.path.endsWith('/comments'))).toHaveLength(0);
  expect(api.comments).toHaveLength(7);
});

test('a fork pull request (read-only token): check run and comment degrade to notices, the job does not fail for it', async () => {
  api.readOnly = true;
  const r = await runAction(ws, { dockerfile: 'legacy/Dockerfile', 'fail-on': 'never', 'check-run': 'true', 'pr-comment': 'true' }, { api: api.url });
  expect(r.code).toBe(0);
  expect(api.requests.some((q) => q.method === 'POST' && q.path.endsWith('/check-runs'))).toBe(true);
  expect(api.requests.some((q) => q.method === 'POST' && q.path.endsWith('/issues/12/comments'))).toBe(true);
  expect(r.summary).toContain('The check run was not published: the token may not write here (HTTP 403)');
  expect(r.summary).toContain('The pull-request comment was not posted: the token may not write here (HTTP 403)');
  expect(r.summary.startsWith('## ℹ️ CIS Docker gate: report only')).toBe(true);
  expect(r.stdout).not.toMatch(/^::error::/m);
});

test('bad input: fail-on: urgent is exit 2 with a message naming the input and the allowed values', async () => {
  const r = await runAction(ws, { dockerfile: 'Dockerfile', 'fail-on': 'urgent' });
  expect(r.code).toBe(2);
  expect(r.stdout).toContain('::error::cis-docker-gate: input fail-on: "urgent" is not one of critical, high, medium, low, info, never');
  expect(r.stdout + r.stderr).not.toMatch(/\n\s+at .*\.js:\d+/);
  expect(r.summary).toContain('Configuration error (exit 2)');
});

test('bad input: a glob that matches nothing, and a missing GITHUB_OUTPUT', async () => {
  const glob = await runAction(ws, { dockerfile: 'services/**/Dockerfile' });
  expect(glob.code).toBe(2);
  expect(glob.stdout).toContain('::error::cis-docker-gate: input dockerfile: the glob "services/**/Dockerfile" matches no file in');
  const noOutput = await runAction(ws, { dockerfile: 'Dockerfile' }, { noOutput: true });
  expect(noOutput.code).toBe(2);
  expect(noOutput.stdout).toContain('::error::cis-docker-gate: GITHUB_OUTPUT is not set');
});
