/** CIS 2.15: containers cannot gain privileges through setuid binaries by default (--no-new-privileges). */
import { hostCheck, pass, skip } from '../check.js';
import { absentAt, securityOptions } from '../../host/support.js';

export default hostCheck((model) => {
  if (securityOptions(model)?.some((o) => o === 'name=no-new-privileges')) return pass();
  const v = model.settings.bool('no-new-privileges', false);
  if (!v) return skip(`this engine does not report the setting; it is only visible in the daemon's configuration: ${model.settings.incompleteReason}`);
  if (v.value) return pass();
  return {
    findings: [
      {
        message: `containers may gain new privileges through setuid and setgid binaries: no-new-privileges is ${v.entry ? `off (${v.entry.text})` : 'not set'}`,
        location: v.entry?.location ?? absentAt(model),
        key: 'no-new-privileges',
      },
    ],
  };
});
