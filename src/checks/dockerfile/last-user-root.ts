/** CIS 4.1: the last USER that reaches the final stage must not be root. */
import { stageChain } from '../../dockerfile/model.js';
import { substitute } from '../../dockerfile/substitute.js';
import { dockerfileCheck, pass, skip } from '../check.js';

export const isRootUser = (spec: string): boolean => {
  const user = spec.split(':')[0].trim().toLowerCase();
  return user === 'root' || /^0+$/.test(user);
};

export default dockerfileCheck((model) => {
  if (model.finalStage < 0) return skip('the Dockerfile has no stage');
  for (const stage of stageChain(model)) {
    const users = stage.instructions.filter((i) => i.keyword === 'USER');
    const last = users.at(-1);
    if (!last) continue;
    const written = last.argv[0] ?? '';
    const { value, unresolved } = substitute(written, last.env, model.escape);
    if (unresolved.length) return skip(`USER ${written} on line ${last.location.startLine} depends on ${unresolved.join(', ')}, which has no value here; pass it with --build-arg`);
    if (!isRootUser(value)) return pass();
    const shown = value === written ? value : `${written} (= ${value})`;
    return {
      findings: [{ message: `the final stage runs as root: USER ${shown}`, location: last.location }],
    };
  }
  return pass();
});
