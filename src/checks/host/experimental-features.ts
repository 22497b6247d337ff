/** CIS 2.19: experimental features are off on a daemon that runs real work. */
import { hostCheck, pass, skip } from '../check.js';
import { at, info } from '../../host/support.js';
import { toBool } from '../../host/settings.js';

function engineExperimental(version: Record<string, unknown>, infoBuild: unknown): boolean | undefined {
  if (typeof infoBuild === 'boolean' && infoBuild) return true;
  if (typeof version.Experimental === 'boolean') return version.Experimental;
  const engine = (version.Components as { Name?: string; Details?: { Experimental?: string } }[] | undefined)?.find((c) => c.Name === 'Engine');
  if (engine?.Details?.Experimental !== undefined) return engine.Details.Experimental === 'true';
  return typeof infoBuild === 'boolean' ? infoBuild : undefined;
}

export default hostCheck((model) => {
  const set = model.settings.first('experimental');
  let on = model.engine ? engineExperimental(model.engine.version, info(model, 'ExperimentalBuild')) : undefined;
  if (on === undefined && set) on = toBool(set.value);
  if (on === undefined) on = model.settings.bool('experimental', false)?.value;
  if (on === undefined) return skip(`${model.engineUnavailable ?? 'the engine does not report experimental features'}; ${model.settings.incompleteReason}`);
  if (!on) return pass();
  return { findings: [{ message: `experimental features are on${set ? ` (${set.text})` : ''}: they are not supported for production use`, location: at(set), key: 'experimental' }] };
});
