/** CIS 2.11: the default cgroup parent is left alone unless there is a reason (a set cgroup-parent is reported to confirm). */
import { hostCheck, pass, skip } from '../check.js';

export default hostCheck((model) => {
  const v = model.settings.string('cgroup-parent');
  if (!v) return skip(`the cgroup parent is only visible in the daemon's configuration: ${model.settings.incompleteReason}`);
  if (!v.value) return pass();
  return {
    findings: [{ message: `containers are placed under cgroup parent "${v.value}" (${v.entry?.text}): confirm that its limits are intended`, location: v.entry!.location, key: 'cgroup-parent' }],
  };
});
