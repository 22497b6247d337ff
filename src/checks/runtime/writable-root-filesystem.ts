/** CIS 5.13: the container's root filesystem is writable (read_only / --read-only not set). */
import { at, declaredCheck, missing, where } from '../../runtime/judge.js';

export default declaredCheck((profile) => {
  if (profile.readOnly?.value) return [];
  if (profile.readOnly) return [at(profile.readOnly, `${profile.readOnly.source}: the root filesystem is writable`)];
  return [missing(profile, `the root filesystem is not made read-only in ${where(profile)} (read_only: true or --read-only)`, 'read_only')];
});
