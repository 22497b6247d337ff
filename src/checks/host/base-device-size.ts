/** CIS 2.12: the devicemapper base device size (dm.basesize) is not changed until needed. */
import { hostCheck, pass, skip } from '../check.js';
import { info } from '../../host/support.js';

export default hostCheck((model) => {
  const s = model.settings;
  const basesize = s.entries('storage-opts').filter((e) => /^\s*dm\.basesize\s*=/i.test(String(e.value)));
  if (basesize.length) {
    return { findings: basesize.map((e) => ({ message: `the base device size is changed (${e.text}): every container may grow to that size`, location: e.location, key: String(e.value) })) };
  }
  const driverSet = s.first('storage-driver');
  const driver = info<string>(model, 'Driver') ?? (driverSet ? String(driverSet.value) : undefined);
  if ((driver && driver !== 'devicemapper') || s.complete) return pass();
  return skip(`storage options are only visible in the daemon's configuration: ${s.incompleteReason}`);
});
