/** CIS 5.15: a restart policy other than `on-failure` with at most `maxRetries` retries (`no` is fine too). */
import { at, declaredCheck } from '../../runtime/judge.js';

export default declaredCheck((profile, options) => {
  const max = typeof options.maxRetries === 'number' ? options.maxRetries : 5;
  const r = profile.restart;
  if (!r || r.value.name === 'no') return [];
  if (r.value.name === 'on-failure') {
    if (r.value.maxRetries === undefined) return [at(r, `${r.source}: on-failure without a retry count restarts for ever`)];
    return r.value.maxRetries > max ? [at(r, `${r.source}: ${r.value.maxRetries} retries, more than ${max}`)] : [];
  }
  return [at(r, `${r.source}: ${r.value.name} restarts the container for ever, whatever its exit code`)];
});
