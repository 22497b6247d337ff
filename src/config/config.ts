/** One validated Config, whatever edge (CLI or Action) it came from. */
import { SEVERITIES, GateError, type Severity } from '../types.js';
import type { FailOn } from '../policy/threshold.js';
import type { Profile } from '../gate/evaluate.js';
import type { Given, Policy } from './resolve.js';

export interface Config {
  dockerfiles: string[];
  target?: string;
  buildArgs: Record<string, string>;
  failOn: FailOn;
  profile: Profile;
  ruleOptions: Record<string, Record<string, unknown>>;
  disabled: string[];
  /** Audit the engine the gate talks to, and its machine when local (CIS sections 1-3, target host). */
  hostAudit?: boolean;
  /** The engine machine's file system root for the host audit (tests; a host mounted into a container). */
  hostRoot?: string;
  /** The lowest severity shown in annotations, summaries and SARIF (the Action's report-severity); separate from failOn. */
  reportSeverity?: Severity;
  /** Path of the policy file (config input / --config); undefined: the default lookup. */
  configFile?: string;
  /** The image under test, by name (image target). */
  image?: string;
  /** A `docker save` tarball or an OCI layout to read instead of asking an engine. */
  imageArchive?: string;
  /** When to pull the image. */
  pull?: PullPolicy;
  /** Build the image from the Dockerfile(s) before checking it. */
  build?: boolean;
  /** The build context for `build`. */
  context?: string;
  /** Registry credentials for pull (never printed). */
  registry?: RegistryAuth;
  /** Leave the images the gate built or pulled in the engine (default: removed when the scan ends). */
  keepImage?: boolean;
  /** `os/arch[/variant]` to build or pick from a multi-platform archive. */
  platform?: string;
  /** Network for RUN steps of `build` (engine default when unset; tests use `none`). */
  buildNetwork?: string;
  /** Runtime profile: a compose file and the service in it. */
  composeFile?: string;
  service?: string;
  /** Runtime profile: `docker run` options, one per entry, never passed through a shell. */
  runOptions?: string[];
  /** Start the image a second time under the CIS-hardened profile. */
  hardeningTrial?: boolean;
  /**
   * Run the image once in the sandbox and probe it (runtime target). The edges turn it on when an image is
   * checked (off with --no-runtime / input runtime: false); undefined here means off.
   */
  runtime?: boolean;
  /** The sandbox's network (default `none`; never `host` or another container's). */
  runtimeNetwork?: string;
  /** The sandbox's hard timeout in seconds (default 30). */
  runtimeTimeout?: number;
  /** Replaces the image's CMD in the sandbox (an argv, never a shell line). */
  runtimeCommand?: string[];
  /** The user the hardening trial runs as (default: the image's non-root user). */
  trialUser?: string;
  /** The policy file applied (waivers, baseline, custom rules, targets); set by resolvePolicy (src/config/resolve.ts). */
  policy?: Policy;
  /** The settings the edge set itself (a flag or an input), which win over the policy file: name -> `--fail-on`. */
  given?: Given;
  /** Scan only this policy target (or glob target), by name: `scan --only`. */
  only?: string;
  /** The policy target this Config scans (set per target when the policy lists several). */
  policyTarget?: string;
  /** How many policy targets are scanned at once. */
  concurrency?: number;
  /** The clock waivers expire by (tests inject one). */
  now?: () => Date;
}

export const PULL_POLICIES = ['always', 'missing', 'never'] as const;
export type PullPolicy = (typeof PULL_POLICIES)[number];

export interface RegistryAuth {
  /** The registry host; undefined: the one in the image name. */
  server?: string;
  username?: string;
  /** A password or a token. */
  password?: string;
}

export const FAIL_ON_VALUES: readonly string[] = [...SEVERITIES, 'never'];
export const PROFILES: readonly Profile[] = ['cis-level-1', 'cis-level-2', 'all'];

export function parseFailOn(value: string, where: string): FailOn {
  const v = value.trim().toLowerCase();
  if (!FAIL_ON_VALUES.includes(v)) throw new GateError(`${where}: "${value}" is not one of ${FAIL_ON_VALUES.join(', ')}`, 2);
  return v as FailOn;
}

export function parseSeverity(value: string, where: string): Severity {
  const v = value.trim().toLowerCase();
  if (!(SEVERITIES as readonly string[]).includes(v)) throw new GateError(`${where}: "${value}" is not one of ${SEVERITIES.join(', ')}`, 2);
  return v as Severity;
}

export function parseProfile(value: string, where: string): Profile {
  const v = value.trim().toLowerCase();
  if (!(PROFILES as readonly string[]).includes(v)) throw new GateError(`${where}: "${value}" is not one of ${PROFILES.join(', ')}`, 2);
  return v as Profile;
}

/** `K=V` pairs (build args); a pair without `=` takes its value from the environment, as docker build does. */
export function parseBuildArgs(pairs: string[], where: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    const key = eq < 0 ? p : p.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new GateError(`${where}: "${p}" is not NAME=VALUE`, 2);
    const value = eq < 0 ? env[key] : p.slice(eq + 1);
    if (value !== undefined) out[key] = value;
  }
  return out;
}
