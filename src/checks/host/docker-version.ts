/** CIS 1.2.2: the engine is not older than the oldest release the policy accepts (option minimumVersion). */
import { hostCheck, pass, skip } from '../check.js';
import { engineLocation } from '../../host/support.js';

function parse(v: string): [number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

export default hostCheck((model, options) => {
  if (!model.engine) return skip(model.engineUnavailable ?? 'the engine did not answer');
  const raw = String(model.engine.version.Version ?? model.engine.info.ServerVersion ?? '');
  const have = parse(raw);
  if (!have) return skip(`the engine reports no version that can be compared ("${raw}")`);
  const min = String(options.minimumVersion ?? '25.0');
  const want = parse(min);
  if (!want) return skip(`option minimumVersion "${min}" is not a version such as 25.0`);
  if (have[0] > want[0] || (have[0] === want[0] && have[1] >= want[1])) return pass();
  const distro = /[+~]|ubuntu|deb|el\d|fc\d/i.test(raw.replace(/^v?\d+\.\d+\.\d+/, '')) ? '; it is a distribution build, whose vendor may backport security fixes: check that it is still maintained' : '';
  return {
    findings: [{ message: `Docker Engine ${raw} is older than ${min}, the oldest release this policy accepts${distro}`, location: engineLocation(), key: `version:${have.join('.')}` }],
  };
});
