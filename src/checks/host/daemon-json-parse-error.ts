/** daemon.json that dockerd cannot read: the daemon will not (re)start with it, and its settings cannot be judged. */
import { hostCheck, pass, skip } from '../check.js';

export default hostCheck((model) => {
  const s = model.settings;
  if (s.configState === 'invalid') return { findings: s.configErrors.map((e) => ({ message: e.message, location: e.location, key: e.message })) };
  if (s.configState === 'unknown' || s.configState === 'unreadable') return skip(s.configReason ?? `${s.configPath} is not known`);
  return pass();
});
