/** CIS 5.22: the declared profile turns the seccomp filter off (`seccomp=unconfined`). */
import { at, declaredCheck, securityOpts } from '../../runtime/judge.js';

export default declaredCheck((profile) =>
  securityOpts(profile, 'seccomp')
    .filter((o) => o.value.toLowerCase() === 'unconfined')
    .map((o) => at(o, `${o.source}: the default seccomp profile is turned off, so every system call is allowed`)),
);
