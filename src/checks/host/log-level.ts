/** CIS 2.3: the daemon logs at level info: not debug (too much, secrets in requests), not warn/error/fatal (events lost). */
import type { RawFinding } from '../../types.js';
import { hostCheck, pass, skip } from '../check.js';
import { engineLocation, info } from '../../host/support.js';
import { toBool } from '../../host/settings.js';

export default hostCheck((model) => {
  const findings: RawFinding[] = [];
  const level = model.settings.first('log-level');
  const debug = model.settings.first('debug');
  if (level && String(level.value).trim().toLowerCase() !== 'info') {
    findings.push({ message: `the daemon's log level is "${String(level.value)}" (${level.text}); CIS asks for info`, location: level.location, key: 'log-level' });
  }
  if (debug && toBool(debug.value)) {
    findings.push({ message: `debug logging is on (${debug.text}): the daemon logs at debug level`, location: debug.location, key: 'debug' });
  } else if (info(model, 'Debug') === true && !findings.length) {
    findings.push({ message: 'the engine reports debug mode on: the daemon logs at debug level', location: engineLocation(), key: 'debug' });
  }
  if (findings.length) return { findings };
  if (level || model.settings.complete) return pass();
  return skip(`the engine does not report its log level and ${model.settings.incompleteReason}`);
});
