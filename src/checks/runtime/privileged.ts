/** CIS 5.5: a privileged container (every capability, every device, no seccomp/AppArmor confinement). */
import { at, declaredCheck } from '../../runtime/judge.js';

export default declaredCheck((profile) =>
  profile.privileged?.value ? [at(profile.privileged, `${profile.privileged.source}: the container runs privileged, with full access to the host`)] : [],
);
