/**
 * CIS 5.27: the container's health is checked, and the check passes. With a healthcheck (the image's or the
 * declared one) the sandbox waits for the verdict: `unhealthy` fails; still `starting` when the time is up is
 * a skip (never a pass). With no healthcheck, or one that is disabled, health is not checked at runtime: a
 * finding. When the sandbox did not run, only a declared, disabled healthcheck can be judged.
 */
import { runtimeCheck } from '../check.js';
import { containerLocation, started } from '../../runtime/judge.js';
import type { RuntimeModel } from '../../runtime/model.js';
import type { Location } from '../../types.js';

function healthcheckLocation(model: RuntimeModel): Location {
  return model.profile?.healthcheck?.location ?? containerLocation(model, (i) => i.healthcheck);
}

/** none: no healthcheck anywhere; disabled: turned off; configured; unknown: the image was not seen. */
function configured(model: RuntimeModel): 'none' | 'disabled' | 'configured' | 'unknown' {
  const declared = model.profile?.healthcheck?.value;
  if (declared?.disabled) return 'disabled';
  if (declared?.test) return 'configured';
  if (!model.image) return 'unknown';
  const test = model.image.config.Healthcheck?.Test;
  if (!test?.length) return 'none';
  return test[0].toUpperCase() === 'NONE' ? 'disabled' : 'configured';
}

export default runtimeCheck((model) => {
  const state = configured(model);
  const where = healthcheckLocation(model);
  if (state === 'disabled') {
    const src = model.profile?.healthcheck?.value.disabled ? model.profile.healthcheck.source : undefined;
    const by = src === undefined ? 'HEALTHCHECK NONE in the image' : src.endsWith(':') ? 'by the declared profile' : `by the declared profile: ${src}`;
    return { findings: [{ message: `the healthcheck is disabled (${by}), so the container's health is not checked at runtime`, location: where, key: 'health:disabled' }] };
  }
  if (state === 'none') {
    return { findings: [{ message: 'no healthcheck: neither the image nor the declared profile defines one, so the container\'s health is not checked at runtime', location: where, key: 'health:none' }] };
  }
  const s = started(model);
  if ('skip' in s) return { skip: s.skip };
  const health = s.facts.health;
  if (!health) return { skip: state === 'unknown' ? 'the image was not available to run' : 'the container ran without its healthcheck' };
  if ('skipped' in health) return { skip: health.skipped };
  const h = health.value;
  if (h.status === 'healthy') return { findings: [] };
  if (h.status === 'starting') {
    return { skip: `still "starting" after ${Math.round(h.waitedMs / 1000)} s (the runtime timeout): no verdict; raise --runtime-timeout or shorten the healthcheck's interval/start period` };
  }
  const last = h.log.length ? `; last check: ${h.log[h.log.length - 1]}` : '';
  return { findings: [{ message: `the container turned unhealthy after ${Math.round(h.waitedMs / 1000)} s${last}`, location: where, key: 'health:unhealthy' }] };
});
