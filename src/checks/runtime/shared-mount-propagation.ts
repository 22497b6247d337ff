/** CIS 5.20: a mount with shared propagation (mounts made in the container appear on the host, and back). */
import { at, declaredCheck } from '../../runtime/judge.js';

export default declaredCheck((profile) =>
  profile.mounts
    .filter((m) => m.value.propagation === 'shared' || m.value.propagation === 'rshared')
    .map((m) => at(m, `${m.value.source ?? '(volume)'} on ${m.value.target} is mounted with ${m.value.propagation} propagation`)),
);
