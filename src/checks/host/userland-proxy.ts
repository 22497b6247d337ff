/** CIS 2.17: the userland proxy is off; hairpin NAT (iptables) forwards published ports instead. */
import { hostCheck, pass, skip } from '../check.js';
import { absentAt } from '../../host/support.js';

export default hostCheck((model) => {
  const v = model.settings.bool('userland-proxy', true);
  if (!v) return skip(`the userland proxy is only visible in the daemon's configuration: ${model.settings.incompleteReason}`);
  if (!v.value) return pass();
  return {
    findings: [
      {
        message: `the userland proxy is on${v.entry ? ` (${v.entry.text})` : " (dockerd's default)"}: a docker-proxy process per published port widens the attack surface`,
        location: v.entry?.location ?? absentAt(model),
        key: 'userland-proxy',
      },
    ],
  };
});
