/** CIS 5.26: the container may gain privileges (setuid binaries): no-new-privileges not set, or set to false. */
import { at, declaredCheck, missing, securityOpts, where } from '../../runtime/judge.js';

export default declaredCheck((profile) => {
  const opts = securityOpts(profile, 'no-new-privileges');
  const last = opts[opts.length - 1];
  if (!last) return [missing(profile, `no-new-privileges is not set in ${where(profile)} (security_opt: [no-new-privileges:true] or --security-opt=no-new-privileges)`, 'no-new-privileges')];
  const v = last.value.toLowerCase();
  return v === 'true' || v === '' ? [] : [at(last, `${last.source}: no-new-privileges is ${v === 'false' ? 'turned off' : `"${last.value}", not true`}`)];
});
