/** CIS 5.8: a container port published on a privileged host port (below 1024). */
import { formatPorts } from '../../runtime/model.js';
import { at, declaredCheck } from '../../runtime/judge.js';

export default declaredCheck((profile) =>
  profile.ports
    .filter((p) => p.value.hostPort && p.value.hostPort.start > 0 && p.value.hostPort.start < 1024)
    .map((p) => at(p, `host port ${formatPorts(p.value.hostPort!)} (below 1024) is published for container port ${formatPorts(p.value.containerPort)}/${p.value.protocol}`)),
);
