/** CIS 2.16: live restore keeps containers running while the daemon restarts or is upgraded. */
import { hostCheck, pass, skip } from '../check.js';
import { absentAt, info } from '../../host/support.js';

export default hostCheck((model) => {
  const set = model.settings.first('live-restore');
  let enabled = info<boolean>(model, 'LiveRestoreEnabled');
  if (enabled === undefined) enabled = model.settings.bool('live-restore', false)?.value;
  if (enabled === undefined) return skip(`${model.engineUnavailable ?? 'the engine does not report live restore'}; ${model.settings.incompleteReason}`);
  if (enabled) return pass();
  if (info<{ LocalNodeState?: string }>(model, 'Swarm')?.LocalNodeState === 'active') return skip('live restore is not available in swarm mode');
  return {
    findings: [{ message: `live restore is off${set ? ` (${set.text})` : ''}: restarting or upgrading the daemon stops every container`, location: set?.location ?? absentAt(model), key: 'live-restore' }],
  };
});
