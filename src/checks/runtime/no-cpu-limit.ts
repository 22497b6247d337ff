/** CIS 5.12: neither a CPU limit nor CPU shares (cpus, cpu_shares other than the default 1024, cpu_quota, cpuset). */
import { at, declaredCheck, missing, where } from '../../runtime/judge.js';

export default declaredCheck((profile) => {
  if ((profile.cpus?.value ?? 0) > 0 || (profile.cpuQuota?.value ?? 0) > 0 || profile.cpusetCpus?.value) return [];
  const shares = profile.cpuShares;
  if (shares && shares.value !== 0 && shares.value !== 1024) return [];
  if (shares) return [at(shares, `${shares.source}: ${shares.value} is the default weight, so CPU priority is not set`)];
  if (profile.cpus) return [at(profile.cpus, `${profile.cpus.source}: 0 means no CPU limit`)];
  return [missing(profile, `neither a CPU limit nor CPU shares are set in ${where(profile)} (cpus, cpu_shares, deploy.resources.limits.cpus or --cpus)`, 'cpu')];
});
