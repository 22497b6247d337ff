/**
 * CIS 5.32: the Docker socket reachable in the container: a mount of the socket itself (any path ending in
 * `docker.sock`) or of a directory that holds it (`/run`, `/var/run`, `/`), which gives control of the engine,
 * and so of the host.
 */
import { listOption } from '../check.js';
import { at, declaredCheck } from '../../runtime/judge.js';
import { normalizeHostPath } from '../../runtime/values.js';

export default declaredCheck((profile, options) => {
  const sockets = listOption(options, 'sockets');
  return profile.mounts.flatMap((m) => {
    if (m.value.type !== 'bind' || !m.value.source) return [];
    const source = normalizeHostPath(m.value.source);
    if (source.endsWith('/docker.sock') || sockets.includes(source)) return [at(m, `the Docker socket ${source} is mounted on ${m.value.target}`)];
    const holds = sockets.find((s) => source.startsWith('/') && (source === '/' || s.startsWith(`${source}/`)));
    return holds ? [at(m, `${source} is mounted on ${m.value.target}, and it holds the Docker socket ${holds}`)] : [];
  });
});
