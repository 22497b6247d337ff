/** CIS 5.3: the declared profile turns SELinux labelling off (`label=disable`). */
import { at, declaredCheck, securityOpts } from '../../runtime/judge.js';

export default declaredCheck((profile) =>
  securityOpts(profile, 'label')
    .filter((o) => o.value.toLowerCase() === 'disable')
    .map((o) => at(o, `${o.source}: SELinux labelling is turned off for the container`)),
);
