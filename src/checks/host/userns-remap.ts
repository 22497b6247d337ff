/** CIS 2.10: user namespace remapping is on: root in a container is not root on the host. */
import { hostCheck, pass, skip } from '../check.js';
import { absentAt, at, securityOptions } from '../../host/support.js';

export default hostCheck((model) => {
  const opts = securityOptions(model);
  const set = model.settings.first('userns-remap');
  if (opts) {
    if (opts.some((o) => o === 'name=userns' || o.startsWith('name=userns,'))) return pass();
    return {
      findings: [{ message: `user namespace remapping is off: root in a container is root on the host${set ? ` (${set.text} is set but the engine does not report it)` : ''}`, location: set ? at(set) : absentAt(model), key: 'userns' }],
    };
  }
  const v = model.settings.string('userns-remap');
  if (!v) return skip(`${model.engineUnavailable ?? 'the engine does not report its security options'}; ${model.settings.incompleteReason}`);
  if (v.value) return pass();
  return { findings: [{ message: 'user namespace remapping is off (no userns-remap): root in a container is root on the host', location: absentAt(model), key: 'userns' }] };
});
