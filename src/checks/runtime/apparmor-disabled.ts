/** CIS 5.2: the declared profile turns AppArmor off (`apparmor=unconfined`). */
import { at, declaredCheck, securityOpts } from '../../runtime/judge.js';

export default declaredCheck((profile) =>
  securityOpts(profile, 'apparmor')
    .filter((o) => o.value.toLowerCase() === 'unconfined')
    .map((o) => at(o, `${o.source}: AppArmor is turned off for the container`)),
);
