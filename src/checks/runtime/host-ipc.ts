/** CIS 5.17: the container shares the host's ipc namespace (`ipc: host`). */
import { at, declaredCheck } from '../../runtime/judge.js';

export default declaredCheck((profile) => {
  const d = profile.ipc;
  return d?.value.toLowerCase() === 'host' ? [at(d, `${d.source}: the container shares the host's IPC namespace: shared memory and semaphores of the host`)] : [];
});
