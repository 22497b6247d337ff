/**
 * Building the image under test: the context (with .dockerignore) streamed to the engine, BuildKit when the
 * engine has it (so `RUN --mount` and heredocs build; DOCKER_BUILDKIT=0 forces the legacy builder), output
 * streamed as it comes, the result labelled and tagged for removal. A failed build is a GateError (exit 3)
 * naming the failing step and its Dockerfile line.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Docker from 'dockerode';
import { GateError } from '../types.js';
import { engineMessage } from './client.js';
import { packContext } from './context.js';
import { GATE_LABEL, type EngineSession } from './session.js';

export interface BuildRequest {
  context: string;
  dockerfile: string;
  buildArgs: Record<string, string>;
  target?: string;
  platform?: string;
  /** Network for RUN steps (engine default when unset). */
  network?: string;
}

interface BuildEvent {
  stream?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { ID?: string };
}

/**
 * dockerode's BuildKit session loads `proto/auth.proto` from its own directory at run time; in a bundle that is
 * the bundle's directory, so the files must have been copied beside it. Without them a BuildKit build would crash.
 */
function sessionProtoPresent(): boolean {
  const here = dirname(fileURLToPath(import.meta.url));
  const bundled = !here.endsWith(join('src', 'docker'));
  return !bundled || existsSync(join(here, 'proto', 'auth.proto'));
}

/** Does the engine support BuildKit through the API (session + version 2 builds)? */
async function buildkitAvailable(session: EngineSession, env: NodeJS.ProcessEnv): Promise<boolean> {
  if (env.DOCKER_BUILDKIT === '0' || env.DOCKER_BUILDKIT === 'false') return false;
  if (!sessionProtoPresent()) return false;
  try {
    const v = (await session.docker.version()) as { ApiVersion?: string; Os?: string };
    const [maj, min] = (v.ApiVersion ?? '0.0').split('.').map(Number);
    return v.Os === 'linux' && (maj > 1 || (maj === 1 && min >= 39));
  } catch {
    return false;
  }
}

/** BuildKit log lines arrive base64-encoded through dockerode's decoder; plain lines pass through. */
function readable(line: string): string {
  if (/^[A-Za-z0-9+/]{4,}={0,2}$/.test(line) && line.length % 4 === 0) {
    const text = Buffer.from(line, 'base64').toString('utf8');
    if (!text.includes('\ufffd') && /^[\x09\x0a\x0d\x20-\x7e\u00a0-\uffff]*$/.test(text)) return text.replace(/\n$/, '');
  }
  return line;
}

/** The step a build line announces: `[build 3/5] RUN make` (BuildKit) or `Step 3/5 : RUN make` (legacy). */
function stepOf(line: string): string | undefined {
  const bk = /^(?:\[[0-9a-z:]+\]\s+)?\[(?:[^\]]*\s)?\d+\/\d+\]\s+(.+)$/.exec(line);
  if (bk) return bk[1].trim();
  const legacy = /^Step \d+\/\d+ : (.+)$/.exec(line);
  return legacy?.[1].trim();
}

/** The first Dockerfile line whose instruction reads like `step` (`RUN make`). */
export function stepLine(dockerfileText: string, step: string): number | undefined {
  const norm = (s: string) => s.replace(/\\\s*\n/g, ' ').replace(/\s+/g, ' ').trim().toLowerCase();
  const want = norm(step);
  const lines = dockerfileText.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].trim() || lines[i].trim().startsWith('#')) continue;
    let text = lines[i];
    for (let j = i; text.trimEnd().endsWith('\\') && j + 1 < lines.length; j++) text = text.trimEnd().slice(0, -1) + ' ' + lines[j + 1];
    const got = norm(text);
    if (got === want || (want.length > 20 && got.startsWith(want.slice(0, 60))) || (got.length > 20 && want.startsWith(got.slice(0, 60)))) return i + 1;
  }
  return undefined;
}

/** Builds the image; returns its id (tagged with a temporary tag the session removes). */
export async function buildImage(session: EngineSession, req: BuildRequest, log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const ctx = packContext(req.context, req.dockerfile);
  const tag = `cis-docker-gate-build:${randomBytes(6).toString('hex')}`;
  const buildkit = await buildkitAvailable(session, env);
  log(`building ${req.dockerfile} (context ${req.context}${ctx.ignoreFile ? `, ${ctx.ignoreFile} applied` : ''}) with ${buildkit ? 'BuildKit' : 'the legacy builder'}`);
  const options: Record<string, unknown> = {
    t: tag,
    dockerfile: ctx.dockerfile,
    labels: { [GATE_LABEL]: 'true' },
    buildargs: req.buildArgs,
    rm: true,
    forcerm: true,
    ...(req.target ? { target: req.target } : {}),
    ...(req.platform ? { platform: req.platform } : {}),
    ...(req.network ? { networkmode: req.network } : {}),
    ...(buildkit ? { version: '2' } : {}),
  };
  let stream: NodeJS.ReadableStream;
  try {
    stream = await session.docker.buildImage(ctx.stream as unknown as NodeJS.ReadableStream, options);
  } catch (e) {
    throw new GateError(`the build could not start: ${engineMessage(e)}`, 3);
  }
  let step: string | undefined;
  let failure: string | undefined;
  let pending = '';
  const onLine = (raw: string) => {
    const line = readable(raw.replace(/\r/g, ''));
    if (!line.trim()) return;
    const s = stepOf(line.replace(/^CACHED:\s*/, ''));
    if (s) step = s;
    log(line);
  };
  await new Promise<void>((resolve, reject) => {
    (session.docker as unknown as { followProgress: Docker['modem']['followProgress'] }).followProgress(
      stream,
      (err: Error | null) => (err ? reject(err) : resolve()),
      (ev: BuildEvent) => {
        if (ev.error || ev.errorDetail) failure = ev.errorDetail?.message ?? ev.error;
        if (ev.stream) {
          const parts = (pending + ev.stream).split('\n');
          pending = parts.pop() ?? '';
          parts.forEach(onLine);
        }
      },
    );
  }).catch((e: Error) => {
    failure ??= engineMessage(e);
  });
  if (pending) onLine(pending);
  // The image exists (and must be removed) whenever the tag does, even after an error event.
  let id: string | undefined;
  try {
    id = (await session.docker.getImage(tag).inspect()).Id;
    session.track(tag);
  } catch {
    id = undefined;
  }
  if (failure || !id) {
    const line = step ? stepLine(readFileSync(req.dockerfile, 'utf8'), step) : undefined;
    const where = step ? ` at step "${step}"${line ? ` (${req.dockerfile}:${line})` : ''}` : '';
    throw new GateError(`the build failed${where}: ${failure ?? 'the engine reported no image'}`, 3);
  }
  return id;
}
