/** CIS 5.29: no PIDs limit (a fork bomb in the container can exhaust the host's process table). */
import { at, declaredCheck, missing, where } from '../../runtime/judge.js';

export default declaredCheck((profile) => {
  if (!profile.pidsLimit) return [missing(profile, `no PIDs limit is set in ${where(profile)} (pids_limit, deploy.resources.limits.pids or --pids-limit)`, 'pids_limit')];
  return profile.pidsLimit.value > 0 ? [] : [at(profile.pidsLimit, `${profile.pidsLimit.source}: ${profile.pidsLimit.value} means no PIDs limit`)];
});
