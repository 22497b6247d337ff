/** CIS 2.9: default ulimits are set for containers (--default-ulimit / "default-ulimits"). */
import { hostCheck, pass, skip } from '../check.js';
import { absentAt } from '../../host/support.js';

export default hostCheck((model) => {
  const s = model.settings;
  if (s.entries('default-ulimits').length) return pass();
  const empty = s.occurrences('default-ulimits')[0];
  if (empty) return { findings: [{ message: `default ulimits are empty (${empty.text}): containers inherit the daemon's limits`, location: empty.location, key: 'default-ulimits' }] };
  if (!s.complete) return skip(`default ulimits are only visible in the daemon's configuration: ${s.incompleteReason}`);
  return {
    findings: [{ message: "no default ulimits are set (no --default-ulimit, no \"default-ulimits\"): containers inherit the daemon's limits", location: absentAt(model), key: 'default-ulimits' }],
  };
});
