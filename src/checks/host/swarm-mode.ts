/** CIS 5.1 (v1.8.0): swarm mode is not enabled on an engine that does not need it. */
import { hostCheck, pass, skip } from '../check.js';
import { engineLocation, info } from '../../host/support.js';

export default hostCheck((model) => {
  const swarm = info<{ LocalNodeState?: string; ControlAvailable?: boolean }>(model, 'Swarm');
  if (!swarm?.LocalNodeState) return skip(model.engineUnavailable ?? 'the engine does not report its swarm state');
  if (swarm.LocalNodeState === 'inactive') return pass();
  return {
    findings: [
      {
        message: `swarm mode is ${swarm.LocalNodeState}${swarm.ControlAvailable ? ' and this engine is a manager' : ''}: it opens the swarm ports (2377, 7946, 4789) and keeps cluster secrets on this machine`,
        location: engineLocation(),
        key: 'swarm',
      },
    ],
  };
});
