/** CIS 2.13: an authorization plugin decides which Docker API requests are allowed. */
import { hostCheck, pass, skip } from '../check.js';
import { absentAt, info } from '../../host/support.js';

export default hostCheck((model) => {
  const plugins = info<{ Authorization?: string[] | null }>(model, 'Plugins');
  const set = model.settings.occurrences('authorization-plugins')[0];
  let names: string[] | undefined;
  if (plugins) names = plugins.Authorization ?? [];
  else if (model.settings.entries('authorization-plugins').length || model.settings.complete) names = model.settings.entries('authorization-plugins').map((e) => String(e.value));
  if (!names) return skip(`${model.engineUnavailable ?? 'the engine does not report its plugins'}; ${model.settings.incompleteReason}`);
  if (names.length) return pass();
  return {
    findings: [{ message: 'no authorization plugin is configured: every client that reaches the socket may do anything, including start privileged containers', location: set?.location ?? absentAt(model), key: 'authz' }],
  };
});
