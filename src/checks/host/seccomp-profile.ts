/** CIS 2.18: containers run under a seccomp profile by default (Docker's default or a custom one), never unconfined. */
import { hostCheck, pass, skip } from '../check.js';
import { at, engineLocation, securityOptions } from '../../host/support.js';

export default hostCheck((model) => {
  const set = model.settings.first('seccomp-profile');
  const opts = securityOptions(model);
  if (opts) {
    const seccomp = opts.find((o) => o.startsWith('name=seccomp'));
    if (!seccomp) {
      return { findings: [{ message: 'the engine reports no seccomp support: containers run without system-call filtering', location: engineLocation(), key: 'seccomp:none', severity: 'medium' }] };
    }
    const profile = /(?:^|,)profile=([^,]*)/.exec(seccomp)?.[1] ?? 'default';
    if (profile !== 'unconfined') return pass();
    return {
      findings: [{ message: `the daemon-wide seccomp profile is "unconfined"${set ? ` (${set.text})` : ''}: every container without its own profile runs without system-call filtering`, location: at(set), key: 'seccomp:unconfined' }],
    };
  }
  const v = model.settings.string('seccomp-profile');
  if (!v) return skip(`${model.engineUnavailable ?? 'the engine does not report its security options'}; ${model.settings.incompleteReason}`);
  if (v.value.trim() !== 'unconfined') return pass();
  return { findings: [{ message: `the daemon-wide seccomp profile is "unconfined" (${v.entry?.text}): containers without their own profile run without system-call filtering`, location: v.entry!.location, key: 'seccomp:unconfined' }] };
});
