/** One validated Config, whatever edge (CLI or Action) it came from. */
import { SEVERITIES, GateError, type Severity } from '../types.js';
import type { FailOn } from '../policy/threshold.js';
import type { Profile } from '../gate/evaluate.js';

export interface Config {
  dockerfiles: string[];
  target?: string;
  buildArgs: Record<string, string>;
  failOn: FailOn;
  profile: Profile;
  ruleOptions: Record<string, Record<string, unknown>>;
  disabled: string[];
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
