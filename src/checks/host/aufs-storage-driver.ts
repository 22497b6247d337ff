/** CIS 2.6: the storage driver is not aufs. */
import { hostCheck, pass, skip } from '../check.js';
import { at, info } from '../../host/support.js';

export default hostCheck((model) => {
  const set = model.settings.first('storage-driver');
  const driver = info<string>(model, 'Driver') ?? (set ? String(set.value) : undefined);
  if (!driver) return skip(`${model.engineUnavailable ?? 'the engine does not report its storage driver'}; no storage-driver is set`);
  if (driver !== 'aufs') return pass();
  return { findings: [{ message: `the daemon uses the aufs storage driver${set ? ` (${set.text})` : ''}`, location: at(set), key: 'storage-driver' }] };
});
