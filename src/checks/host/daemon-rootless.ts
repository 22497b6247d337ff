/** CIS 2.1: the daemon runs rootless (`docker info` lists the rootless security option). */
import { hostCheck, pass, skip } from '../check.js';
import { engineLocation, securityOptions } from '../../host/support.js';

export default hostCheck((model) => {
  const opts = securityOptions(model);
  if (!opts) return skip(model.engineUnavailable ?? 'the engine does not report its security options');
  if (opts.some((o) => o === 'name=rootless' || o.startsWith('name=rootless,'))) return pass();
  return {
    findings: [{ message: 'the Docker daemon runs as root: docker info lists no rootless security option', location: engineLocation(), key: 'rootful' }],
  };
});
