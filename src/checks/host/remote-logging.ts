/** CIS 2.14: container logs go to a central, remote log service, not only to files on the host. */
import { hostCheck, listOption, pass, skip } from '../check.js';
import { absentAt, at, info } from '../../host/support.js';

export default hostCheck((model, options) => {
  const local = listOption(options, 'localDrivers');
  const set = model.settings.first('log-driver');
  const driver = info<string>(model, 'LoggingDriver') ?? (set ? String(set.value) : model.settings.complete ? 'json-file' : undefined);
  if (!driver) return skip(`${model.engineUnavailable ?? 'the engine does not report its logging driver'}; ${model.settings.incompleteReason}`);
  if (!local.includes(driver)) return pass();
  return {
    findings: [{ message: `the default logging driver is "${driver}": container logs stay on this machine, where a compromised host can erase them`, location: set ? at(set) : absentAt(model), key: `log-driver:${driver}` }],
  };
});
