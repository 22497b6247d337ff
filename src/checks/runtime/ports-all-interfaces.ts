/** CIS 5.14: ports published on every host interface instead of one address. */
import { formatPorts } from '../../runtime/model.js';
import { at, declaredCheck } from '../../runtime/judge.js';

const WILDCARD = ['', '0.0.0.0', '::', '[::]'];

export default declaredCheck((profile) => [
  ...profile.ports
    .filter((p) => WILDCARD.includes(p.value.hostIp ?? ''))
    .map((p) =>
      at(
        p,
        `container port ${formatPorts(p.value.containerPort)}/${p.value.protocol} is published on every host interface${p.value.hostIp ? ` (${p.value.hostIp})` : ''}: bind it to one address (e.g. 127.0.0.1:${p.value.hostPort ? formatPorts(p.value.hostPort) : ''}:${formatPorts(p.value.containerPort)})`,
      ),
    ),
  ...(profile.publishAll?.value ? [at(profile.publishAll, `${profile.publishAll.source}: every exposed port is published on every host interface`)] : []),
]);
