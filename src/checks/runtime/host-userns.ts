/** CIS 5.31: the container shares the host's user namespace (`userns_mode: host`, `--userns=host`). */
import { at, declaredCheck } from '../../runtime/judge.js';

export default declaredCheck((profile) => {
  const d = profile.userns;
  return d?.value.toLowerCase() === 'host' ? [at(d, `${d.source}: the container shares the host's user namespace: user namespace remapping is turned off for it`)] : [];
});
