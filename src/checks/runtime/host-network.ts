/** CIS 5.10: the container shares the host's network namespace. */
import { at, declaredCheck } from '../../runtime/judge.js';

export default declaredCheck((profile) =>
  profile.network?.value.toLowerCase() === 'host' ? [at(profile.network, `${profile.network.source}: the container shares the host's network stack`)] : [],
);
