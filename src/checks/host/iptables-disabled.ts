/** CIS 2.4: Docker may manage iptables (`--iptables=false` leaves container networking without its firewall rules). */
import { hostCheck, pass, skip } from '../check.js';

export default hostCheck((model) => {
  const v = model.settings.bool('iptables', true);
  if (!v) return skip(`the iptables setting is only visible in the daemon's configuration: ${model.settings.incompleteReason}`);
  if (v.value) return pass();
  return {
    findings: [
      {
        message: `Docker may not change iptables (${v.entry?.text}): published ports and network isolation are left to rules nobody maintains`,
        location: v.entry!.location,
        key: 'iptables',
      },
    ],
  };
});
