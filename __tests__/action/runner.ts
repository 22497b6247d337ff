/**
 * Runs the bundled Action (dist/index.js) with `node`, exactly as the GitHub runner does: INPUT_* variables with
 * the defaults of action.yml (hyphens kept), GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_EVENT_PATH and RUNNER_TEMP.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BUNDLE = join(ROOT, 'dist', 'index.js');
export const OWNER = 'octo';
export const REPO = 'app';

export interface Workspace {
  dir: string;
  base: string;
  head: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Running the bundle as the runner does.

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** The defaults the runner puts in INPUT_* for every input of action.yml. */
const ACTION = load(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> };

export function runnerInputs(inputs: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, spec] of Object.entries(ACTION.inputs)) {
    const value = name === 'github-token' ? 'ghs_e2e_token' : (spec.default ?? '');
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return env;
}

export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i]);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]);
    out[m[1]] = value.join('\n');
  }
  return out;
}

export async function runAction(ws: Workspace, inputs: Record<string, string>, opts: { api?: string; event?: 'pull_request' | 'push'; noOutput?: boolean } = {}): Promise<RunResult> {
  const runner = mkdtempSync(join(tmpdir(), 'cdg-runner-'));
  const outputFile = join(runner, 'output');
  const summaryFile = join(runner, 'step_summary');
  const eventFile = join(runner, 'event.json');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const event = opts.event ?? 'pull_request';
  writeFileSync(
    eventFile,
    JSON.stringify(
      event === 'pull_request'
        ? {
            action: 'synchronize',
            number: 12,
            pull_request: { number: 12, base: { sha: ws.base, ref: 'main', repo: { full_name: `${OWNER}/${REPO}` } }, head: { sha: ws.head, ref: 'feature', repo: { full_name: `fork/${REPO}` } } },
            repository: { name: REPO, owner: { login: OWNER } },
          }
        : { ref: 'refs/heads/main', after: ws.head, repository: { name: REPO, owner: { login: OWNER } } },
    ),
  );
  // Nothing of the test process's own GitHub environment leaks in.
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(GITHUB_|INPUT_|RUNNER_|ACTIONS_)/.test(k) && !/proxy/i.test(k)) env[k] = v;
  Object.assign(env, runnerInputs(inputs), {
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: ws.dir,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_EVENT_NAME: event,
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: opts.api ?? 'http://127.0.0.1:9',
    GITHUB_SHA: ws.head,
    GITHUB_REF: event === 'pull_request' ? 'refs/pull/12/merge' : 'refs/heads/main',
    GITHUB_WORKFLOW: 'CIS',
    GITHUB_JOB: 'gate',
    GITHUB_ACTION: 'cis',
    RUNNER_TEMP: runner,
    NO_PROXY: '127.0.0.1,localhost',
  });
  if (opts.noOutput) delete env.GITHUB_OUTPUT;
  const child = spawn(process.execPath, [BUNDLE], { cwd: ws.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  const result = { code, stdout, stderr, outputs: parseOutputs(readFileSync(outputFile, 'utf8')), summary: readFileSync(summaryFile, 'utf8') };
  rmSync(eventFile);
  return result;
}

/** `::error file=F,line=N,...::message` lines of stdout as objects. */
export function commands(stdout: string, level: 'error' | 'warning' | 'notice') {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith(`::${level} `) || l.startsWith(`::${level}::`))
    .map((l) => {
      const m = /^::\w+ ?([^:]*)::(.*)$/.exec(l)!;
      const props = Object.fromEntries(
        m[1]
          .split(',')
          .filter(Boolean)
          .map((p) => {
            const eq = p.indexOf('=');
            return [p.slice(0, eq), decodeURIComponent(p.slice(eq + 1).replace(/%2C/g, ','))];
          }),
      );
      return { ...props, message: m[2].replace(/%0A/g, '\n').replace(/%25/g, '%') } as Record<string, string>;
    });
}

