/** CIS 2.2: containers on the default bridge cannot talk to each other (enable_icc false), or there is no default bridge. */
import { hostCheck, pass, skip } from '../check.js';
import { at } from '../../host/support.js';

export default hostCheck((model) => {
  if (!model.engine) return skip(model.engineUnavailable ?? 'the engine did not answer');
  const bridge = model.engine.bridge;
  if (bridge === undefined) return skip('the default bridge network was not inspected');
  if (bridge === null) return pass(); // --bridge=none: no default bridge, no traffic on it
  const icc = ((bridge.Options ?? {}) as Record<string, string>)['com.docker.network.bridge.enable_icc'];
  if (icc === 'false') return pass();
  const set = model.settings.first('icc');
  return {
    findings: [
      {
        message: `containers on the default bridge network can reach each other: enable_icc is ${icc === undefined ? 'not set (true by default)' : `"${icc}"`}${set ? ` (${set.text})` : ''}`,
        location: at(set),
        key: 'icc',
      },
    ],
  };
});
