/** CIS 2.7: the storage driver is not devicemapper. */
import { hostCheck, pass, skip } from '../check.js';
import { at, info } from '../../host/support.js';

export default hostCheck((model) => {
  const set = model.settings.first('storage-driver');
  const driver = info<string>(model, 'Driver') ?? (set ? String(set.value) : undefined);
  if (!driver) return skip(`${model.engineUnavailable ?? 'the engine does not report its storage driver'}; no storage-driver is set`);
  if (driver !== 'devicemapper') return pass();
  return { findings: [{ message: `the daemon uses the devicemapper storage driver${set ? ` (${set.text})` : ''}`, location: at(set), key: 'storage-driver' }] };
});
