/** CIS 5.21: the container shares the host's uts namespace (`uts: host`). */
import { at, declaredCheck } from '../../runtime/judge.js';

export default declaredCheck((profile) => {
  const d = profile.uts;
  return d?.value.toLowerCase() === 'host' ? [at(d, `${d.source}: the container shares the host's UTS namespace: it can change the host's hostname`)] : [];
});
