/**
 * Hygiene: `apt-get update` downloads the package lists into /var/lib/apt/lists; unless the same RUN deletes them,
 * they stay in a layer of the final image (tens of MB of stale metadata). Stages that do not reach the final image
 * are not checked: their caches are never shipped.
 */
import { dockerfileCheck } from '../check.js';
import { checkEachRun, effectiveCommand, runsAny, mountsOver, removesDirectory, subcommandIndex } from '../support.js';

const APT = ['apt-get', 'apt', 'aptitude'];
const APT_VALUED = ['-o', '-c', '-t', '--option', '--config-file', '--target-release', '--default-release'];
const LISTS = ['/var/lib/apt/lists'];

export default dockerfileCheck((model) =>
  checkEachRun(model, 'final', (ins, commands, add) => {
    if (!commands.some((c) => runsAny(c, APT)) || mountsOver(ins, LISTS)) return;
    const apt = commands.map((c) => {
      if (!runsAny(c, APT)) return undefined;
      const { name, args } = effectiveCommand(c);
      return APT.includes(name) ? { name, sub: args[subcommandIndex(args, APT_VALUED)] } : undefined;
    });
    let last = -1;
    apt.forEach((a, i) => {
      if (a?.sub === 'update') last = i;
    });
    if (last < 0) return;
    const removed = commands.slice(last + 1).some((c, i) => removesDirectory(c, LISTS) || ['distclean', 'dist-clean'].includes(apt[last + 1 + i]?.sub ?? ''));
    if (removed) return;
    add({
      message: `${apt[last]!.name} update leaves the package lists in the image: end this RUN with rm -rf /var/lib/apt/lists/* (apt-get clean does not remove them)`,
      location: commands[last].location,
    });
  }),
);
