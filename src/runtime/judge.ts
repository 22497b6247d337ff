/**
 * What the runtime checks share: declared-settings checks skip when nothing was declared; probe checks skip
 * (never pass) when the sandbox did not run, the container did not start, or the probe could not look.
 */
import { runtimeCheck, type Check, type RuleOptions } from '../checks/check.js';
import type { CheckOutcome, Location, RawFinding, Severity } from '../types.js';
import { NO_PROFILE, type Declared, type ProbeFacts, type Probed, type RuntimeModel, type RuntimeProfile } from './model.js';

/** A check of declared settings: `skip: no runtime profile declared` when there is none. */
export function declaredCheck(check: (profile: RuntimeProfile, options: RuleOptions, model: RuntimeModel) => RawFinding[]): Check<'runtime'> {
  return runtimeCheck((model, options) => (model.profile ? { findings: check(model.profile, options, model) } : { skip: NO_PROFILE }));
}

/** A finding on the line or option that declared a setting. */
export function at(d: Declared<unknown>, message: string, severity?: Severity): RawFinding {
  return { message, location: d.location, key: d.source, ...(severity ? { severity } : {}) };
}

/** A finding about a setting that is missing: on the service's line (or the first run option). */
export function missing(profile: RuntimeProfile, message: string, key: string): RawFinding {
  return { message, location: profile.anchor, key: `missing:${key}` };
}

/** `in compose.yml service web` / `in the run options`: where the profile came from, for messages. */
export function where(profile: RuntimeProfile): string {
  return profile.kind === 'compose' ? `service ${profile.service}` : 'the run options';
}

/** The sandbox's facts when the container started; else why not (a skip reason). */
export function started(model: RuntimeModel): { facts: ProbeFacts } | { skip: string } {
  if ('skipped' in model.probe) return { skip: model.probe.skipped };
  const facts = model.probe.value;
  if (facts.startError) return { skip: `the container did not start (${facts.startError}); see runtime/exits-at-start` };
  return { facts };
}

/** A probe check: skips with the probe's reason; otherwise the findings. */
export function probeCheck<T>(
  pick: (facts: ProbeFacts) => Probed<T> | undefined,
  check: (value: T, model: RuntimeModel, options: RuleOptions, facts: ProbeFacts) => CheckOutcome,
): Check<'runtime'> {
  return runtimeCheck((model, options) => {
    const s = started(model);
    if ('skip' in s) return { skip: s.skip };
    const probed = pick(s.facts);
    if (probed === undefined) return { skip: 'the probe did not run' };
    if ('skipped' in probed) return { skip: probed.skipped };
    return check(probed.value, model, options, s.facts);
  });
}

/** The fallback for findings about the running container: the image's, else the profile's anchor. */
export function containerLocation(model: RuntimeModel, pick?: (image: NonNullable<RuntimeModel['image']>) => Location): Location {
  if (model.image) return pick ? pick(model.image) : model.image.fallback;
  return model.profile?.anchor ?? { file: model.name, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
}

/** The last declared security option with this key (`no-new-privileges`, `seccomp`...). */
export function securityOpts(profile: RuntimeProfile, key: string): Declared<string>[] {
  return profile.securityOpt.filter((o) => o.value.key === key).map((o) => ({ ...o, value: o.value.value }));
}

/** `a, b and 3 more`. */
export function listSome(items: string[], max = 5): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
