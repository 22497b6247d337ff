/** CIS 5.19: a ulimit overridden for the container; the daemon's default should apply unless it is needed. */
import { at, declaredCheck } from '../../runtime/judge.js';

export default declaredCheck((profile) =>
  profile.ulimits.map((u) =>
    at(u, `ulimit ${u.value.name} is overridden (soft ${u.value.soft}, hard ${u.value.hard}): keep it only if the application needs it, else the daemon's default applies`),
  ),
);
