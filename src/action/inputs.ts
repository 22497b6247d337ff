/**
 * The Action's inputs (action.yml), read and validated: a bad value is a GateError (exit 2) that names the
 * input and the values it accepts. Inputs left empty are undefined, so a policy file can supply them.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  PULL_POLICIES,
  parseBuildArgs,
  parseFailOn,
  parseProfile,
  parseSeverity,
  type Config,
  type PullPolicy,
  type RegistryAuth,
} from '../config/config.js';
import type { FailOn } from '../policy/threshold.js';
import type { Profile } from '../gate/evaluate.js';
import { GateError, type Severity } from '../types.js';
import { parseRuntimeCommand, parseRuntimeTimeout } from '../runtime/profile.js';
import { displayPath, expandDockerfiles } from './dockerfiles.js';

/** Reads one input by its name in action.yml (hyphens kept: `fail-on` is INPUT_FAIL-ON). */
export type GetInput = (name: string) => string;

export interface ActionInputs {
  dockerfile: string[];
  context?: string;
  target?: string;
  buildArgs: string[];
  build: boolean;
  image?: string;
  imageArchive?: string;
  pull?: PullPolicy;
  registry: RegistryAuth;
  composeFile?: string;
  service?: string;
  runOptions: string[];
  hardeningTrial: boolean;
  /** Run the checked image once in the sandbox (default true). */
  runtime: boolean;
  runtimeNetwork?: string;
  runtimeTimeout?: string;
  runtimeCommand?: string;
  trialUser?: string;
  hostAudit: boolean;
  config?: string;
  /** Scan only this target of the policy file (a matrix job). */
  only?: string;
  profile?: Profile;
  failOn?: FailOn;
  reportSeverity?: Severity;
  sarifFile?: string;
  jsonFile?: string;
  annotations: boolean;
  changedLinesOnly: boolean;
  checkRun: boolean;
  prComment: boolean;
  githubToken?: string;
}

export const DEFAULT_FAIL_ON: FailOn = 'high';
export const DEFAULT_PROFILE: Profile = 'cis-level-1';

const TRUE = ['true', 'on', 'yes'];
const FALSE = ['false', 'off', 'no'];

export function booleanInput(get: GetInput, name: string, fallback: boolean): boolean {
  const raw = get(name).trim();
  if (!raw) return fallback;
  const v = raw.toLowerCase();
  if (TRUE.includes(v)) return true;
  if (FALSE.includes(v)) return false;
  throw new GateError(`input ${name}: "${raw}" is not one of ${[...TRUE, ...FALSE].join(', ')}`, 2);
}

function text(get: GetInput, name: string): string | undefined {
  const v = get(name).trim();
  return v || undefined;
}

function lines(get: GetInput, name: string): string[] {
  return get(name)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

export function readInputs(get: GetInput): ActionInputs {
  const pull = text(get, 'pull');
  if (pull && !(PULL_POLICIES as readonly string[]).includes(pull.toLowerCase())) {
    throw new GateError(`input pull: "${pull}" is not one of ${PULL_POLICIES.join(', ')}`, 2);
  }
  const failOn = text(get, 'fail-on');
  const reportSeverity = text(get, 'report-severity');
  const profile = text(get, 'profile');
  const inputs: ActionInputs = {
    dockerfile: lines(get, 'dockerfile'),
    context: text(get, 'context'),
    target: text(get, 'target'),
    buildArgs: lines(get, 'build-args'),
    build: booleanInput(get, 'build', false),
    image: text(get, 'image'),
    imageArchive: text(get, 'image-archive'),
    pull: pull ? (pull.toLowerCase() as PullPolicy) : undefined,
    registry: { server: text(get, 'registry'), username: text(get, 'registry-username'), password: text(get, 'registry-password') },
    composeFile: text(get, 'compose-file'),
    service: text(get, 'service'),
    runOptions: lines(get, 'run-options'),
    hardeningTrial: booleanInput(get, 'hardening-trial', false),
    runtime: booleanInput(get, 'runtime', true),
    runtimeNetwork: text(get, 'runtime-network'),
    runtimeTimeout: text(get, 'runtime-timeout'),
    runtimeCommand: text(get, 'runtime-command'),
    trialUser: text(get, 'trial-user'),
    hostAudit: booleanInput(get, 'host-audit', false),
    config: text(get, 'config'),
    only: text(get, 'only'),
    profile: profile ? parseProfile(profile, 'input profile') : undefined,
    failOn: failOn ? parseFailOn(failOn, 'input fail-on') : undefined,
    reportSeverity: reportSeverity ? parseSeverity(reportSeverity, 'input report-severity') : undefined,
    sarifFile: text(get, 'sarif-file'),
    jsonFile: text(get, 'json-file'),
    annotations: booleanInput(get, 'annotations', true),
    changedLinesOnly: booleanInput(get, 'changed-lines-only', false),
    checkRun: booleanInput(get, 'check-run', false),
    prComment: booleanInput(get, 'pr-comment', false),
    githubToken: text(get, 'github-token'),
  };
  if (inputs.image && inputs.imageArchive) throw new GateError('inputs image and image-archive: give one of them, not both', 2);
  if (inputs.service && !inputs.composeFile) throw new GateError('input service: names a service of compose-file, which is not set', 2);
  if (inputs.build && (inputs.image || inputs.imageArchive)) throw new GateError('input build: builds the image from the Dockerfile; it cannot be combined with image or image-archive', 2);
  return inputs;
}

/** Does the step check anything besides Dockerfiles? */
function hasOtherTargets(i: ActionInputs): boolean {
  return !!(i.image || i.imageArchive || i.composeFile || i.runOptions.length || i.hostAudit);
}

/**
 * The one Config the gate runs on; paths resolved against the workspace and shown relative to the working directory.
 * `policyTargets`: the policy file lists targets, so no Dockerfile is assumed when the dockerfile input is empty.
 */
export function toConfig(i: ActionInputs, workspace: string, env: NodeJS.ProcessEnv = process.env, options: { policyTargets?: boolean } = {}): Config {
  const file = (name: string, p: string | undefined, kind: 'file' | 'dir' | 'any') => inputPath(name, p, workspace, kind);

  // With nothing else to check, the Dockerfile at the workspace root is the default.
  const patterns = i.dockerfile.length ? i.dockerfile : hasOtherTargets(i) || options.policyTargets ? [] : ['Dockerfile'];
  const dockerfiles = expandDockerfiles(patterns, workspace).map((abs) => displayPath(abs));
  if (i.build && !dockerfiles.length) throw new GateError('input build: needs a dockerfile to build from', 2);

  const config: Config = {
    dockerfiles,
    target: i.target,
    buildArgs: parseBuildArgs(i.buildArgs, 'input build-args', env),
    failOn: i.failOn ?? DEFAULT_FAIL_ON,
    profile: i.profile ?? DEFAULT_PROFILE,
    ruleOptions: {},
    disabled: [],
    reportSeverity: i.reportSeverity,
    // What the inputs set themselves wins over the policy file; the report says so.
    given: {
      ...(i.failOn ? { failOn: 'input fail-on' } : {}),
      ...(i.profile ? { profile: 'input profile' } : {}),
      ...(i.reportSeverity ? { reportSeverity: 'input report-severity' } : {}),
      ...(i.dockerfile.length || i.image || i.imageArchive || i.composeFile ? { targets: `input ${i.dockerfile.length ? 'dockerfile' : i.image ? 'image' : i.imageArchive ? 'image-archive' : 'compose-file'}` } : {}),
    },
  };
  if (i.only) config.only = i.only;
  const set = <K extends keyof Config>(k: K, v: Config[K] | undefined) => {
    if (v !== undefined) config[k] = v;
  };
  set('configFile', file('config', i.config, 'file'));
  set('image', i.image);
  set('imageArchive', file('image-archive', i.imageArchive, 'any'));
  set('pull', i.pull);
  if (i.build) config.build = true;
  set('context', file('context', i.context, 'dir'));
  if (i.registry.server || i.registry.username || i.registry.password) config.registry = { ...i.registry };
  set('composeFile', file('compose-file', i.composeFile, 'file'));
  set('service', i.service);
  if (i.runOptions.length) config.runOptions = i.runOptions;
  if (i.hardeningTrial) config.hardeningTrial = true;
  config.runtime = i.runtime;
  set('runtimeNetwork', i.runtimeNetwork);
  if (i.runtimeTimeout) config.runtimeTimeout = parseRuntimeTimeout(i.runtimeTimeout, 'input runtime-timeout');
  if (i.runtimeCommand) config.runtimeCommand = parseRuntimeCommand(i.runtimeCommand, 'input runtime-command');
  set('trialUser', i.trialUser);
  if (i.hostAudit) config.hostAudit = true;
  return config;
}

/** A path input, resolved against the workspace and checked readable; shown relative to the working directory. */
export function inputPath(name: string, p: string | undefined, workspace: string, kind: 'file' | 'dir' | 'any'): string | undefined {
  if (!p) return undefined;
  const abs = resolve(workspace, p);
  let st;
  try {
    st = statSync(abs);
    accessSync(abs, constants.R_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new GateError(`input ${name}: cannot read "${p}" (${code === 'ENOENT' ? 'no such file or directory' : (code ?? (e as Error).message)})`, 2);
  }
  if (kind === 'file' && st.isDirectory()) throw new GateError(`input ${name}: "${p}" is a directory; give a file`, 2);
  if (kind === 'dir' && !st.isDirectory()) throw new GateError(`input ${name}: "${p}" is not a directory`, 2);
  return displayPath(abs);
}
