/** CIS 5.4 (level 2): the profile does not drop every capability (`cap_drop: [ALL]`, then add back what is needed). */
import { at, declaredCheck, missing, where } from '../../runtime/judge.js';

export default declaredCheck((profile) => {
  if (profile.capDrop.some((c) => c.value === 'ALL')) return [];
  const first = profile.capDrop[0];
  if (first) {
    const dropped = profile.capDrop.map((c) => c.value).join(', ');
    return [at(first, `drops ${dropped} but not ALL: the container keeps the rest of Docker's default capabilities`)];
  }
  return [missing(profile, `no capability is dropped in ${where(profile)}: the container keeps Docker's 14 default capabilities`, 'cap_drop')];
});
