/** CIS 5.16: the container shares the host's pid namespace (`pid: host`). */
import { at, declaredCheck } from '../../runtime/judge.js';

export default declaredCheck((profile) => {
  const d = profile.pid;
  return d?.value.toLowerCase() === 'host' ? [at(d, `${d.source}: the container shares the host's process namespace: it sees and can signal the host's processes`)] : [];
});
