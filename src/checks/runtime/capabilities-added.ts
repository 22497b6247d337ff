/** CIS 5.4 (level 1): capabilities added beyond Docker's default set (`ALL` included). */
import { listOption } from '../check.js';
import { DEFAULT_CAPABILITIES } from '../../runtime/model.js';
import { at, declaredCheck } from '../../runtime/judge.js';

export default declaredCheck((profile, options) => {
  const allowed = listOption(options, 'allow').map((c) => c.toUpperCase().replace(/^CAP_/, ''));
  return profile.capAdd
    .filter((c) => !DEFAULT_CAPABILITIES.includes(c.value) && !allowed.includes(c.value))
    .map((c) =>
      at(c, c.value === 'ALL' ? `${c.source}: adds every capability` : `${c.source}: adds ${c.value}, which is not in Docker's default capability set`),
    );
});
