/** CIS 5.11: no memory limit (or 0, which means none). */
import { at, declaredCheck, missing, where } from '../../runtime/judge.js';

export default declaredCheck((profile) => {
  if (!profile.memory) return [missing(profile, `no memory limit is set in ${where(profile)} (mem_limit, deploy.resources.limits.memory or --memory)`, 'memory')];
  return profile.memory.value > 0 ? [] : [at(profile.memory, `${profile.memory.source}: 0 means no memory limit`)];
});
