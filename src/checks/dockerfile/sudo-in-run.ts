/** Hygiene: sudo in a RUN. Build steps already run as the stage's USER; sudo hides which user a step needs. */
import { dockerfileCheck } from '../check.js';
import { checkEachRun, commandLayers, runsAny } from '../support.js';

export default dockerfileCheck((model) =>
  checkEachRun(model, 'all', (_ins, commands, add) => {
    for (const cmd of commands) {
      if (!runsAny(cmd, ['sudo'])) continue;
      const layers = commandLayers(cmd);
      const at = layers.findIndex((l) => l.name === 'sudo');
      if (at < 0) continue;
      const wrapped = layers[at + 1]?.name;
      add({
        message: `RUN uses sudo${wrapped ? ` to run ${wrapped}` : ''}: build steps run as the stage's USER, so switch with USER (or gosu/su-exec/setpriv at run time) instead`,
        location: cmd.location,
      });
    }
  }),
);
