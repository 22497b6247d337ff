/**
 * Stand-ins for @actions/core and @actions/github, installed with jest.unstable_mockModule (the ESM way)
 * before the code under test is imported.
 */
import { jest } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export function coreMock() {
  const summary = {
    text: '',
    addRaw: jest.fn((t: string) => {
      summary.text += t;
      return summary;
    }),
    write: jest.fn(async () => summary),
  };
  const inputs: Record<string, string> = {};
  const outputs: Record<string, string> = {};
  const core = {
    inputs,
    outputs,
    summary,
    getInput: jest.fn((name: string) => (inputs[name] ?? '').trim()),
    setOutput: jest.fn((name: string, value: unknown) => {
      outputs[name] = String(value);
    }),
    setFailed: jest.fn((_m: string | Error) => {
      process.exitCode = 1;
    }),
    setSecret: jest.fn(),
    error: jest.fn(),
    warning: jest.fn(),
    notice: jest.fn(),
    info: jest.fn(),
    debug: jest.fn(),
    reset() {
      for (const k of Object.keys(inputs)) delete inputs[k];
      for (const k of Object.keys(outputs)) delete outputs[k];
      summary.text = '';
      for (const f of [core.getInput, core.setOutput, core.setFailed, core.setSecret, core.error, core.warning, core.notice, core.info, core.debug, summary.addRaw, summary.write]) f.mockClear();
    },
  };
  return core;
}

export type CoreMock = ReturnType<typeof coreMock>;

type Fn = (...args: never[]) => Promise<unknown>;

export function githubMock() {
  const api = {
    checks: { create: jest.fn<Fn>(), update: jest.fn<Fn>() },
    issues: { listComments: jest.fn<Fn>(), createComment: jest.fn<Fn>(), updateComment: jest.fn<Fn>() },
  };
  const octokit = {
    rest: api,
    paginate: jest.fn(async (method: (p: unknown) => Promise<{ data: unknown[] }>, params: unknown) => (await method(params)).data),
  };
  const github = {
    api,
    octokit,
    context: { payload: {} as Record<string, unknown>, repo: { owner: 'octo', repo: 'app' } },
    getOctokit: jest.fn(() => octokit),
    reset() {
      github.context.payload = {};
      for (const group of Object.values(api)) for (const f of Object.values(group)) (f as jest.Mock).mockReset();
      octokit.paginate.mockClear();
      github.getOctokit.mockClear();
    },
  };
  return github;
}

export type GithubMock = ReturnType<typeof githubMock>;

/**
 * @actions/core and @actions/github replaced for the test file (call it before importing the code under test),
 * with the per-test lifecycle of actionTestLifecycle.
 */
export function mockActionsToolkit() {
  const core = coreMock();
  const github = githubMock();
  jest.unstable_mockModule('@actions/core', () => core);
  jest.unstable_mockModule('@actions/github', () => github);
  return { core, github, lifecycle: actionTestLifecycle(core, github) };
}

/**
 * The per-test lifecycle of a test file that runs the Action: the mocks are reset before each test; after it
 * (or when the test calls `undo`), what its setup registered with `onUndo` is undone and the exit code cleared.
 */
export function actionTestLifecycle(core: CoreMock, github: GithubMock): { onUndo(f: () => void): void; undo(): void } {
  let pending: (() => void) | undefined;
  const undo = () => {
    pending?.();
    pending = undefined;
  };
  beforeEach(() => {
    core.reset();
    github.reset();
  });
  afterEach(() => {
    undo();
    process.exitCode = undefined;
  });
  return { onUndo: (f) => (pending = f), undo };
}

/** A workspace with files; returns its path. */
export function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cdg-action-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** Set the runner's environment for one test; returns a function that restores it. */
export function runnerEnv(ws: string, extra: Record<string, string | undefined> = {}): () => void {
  const saved = { ...process.env };
  const temp = join(ws, '.runner-temp');
  mkdirSync(temp, { recursive: true });
  Object.assign(process.env, {
    GITHUB_WORKSPACE: ws,
    GITHUB_OUTPUT: join(temp, 'output.txt'),
    GITHUB_STEP_SUMMARY: join(temp, 'summary.md'),
    RUNNER_TEMP: temp,
    GITHUB_REPOSITORY: 'octo/app',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_SHA: 'c'.repeat(40),
    GITHUB_ACTION: 'cis',
    GITHUB_WORKFLOW: 'CI',
    GITHUB_JOB: 'scan',
  });
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  return () => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    rmSync(ws, { recursive: true, force: true });
  };
}
