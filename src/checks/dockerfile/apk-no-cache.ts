/**
 * Hygiene: `apk add` (or `apk update`) without --no-cache stores the package index in /var/cache/apk, which then stays
 * in a layer of the final image. Stages that do not reach the final image are not checked.
 */
import { dockerfileCheck } from '../check.js';
import { checkEachRun, effectiveCommand, hasFlag, runsAny, mountsOver, removesDirectory, subcommandIndex } from '../support.js';

const APK_VALUED = ['-X', '-p', '--repository', '--root', '--arch', '--keys-dir', '--repositories-file', '--cache-dir', '--cache-max-age'];
const CACHE = ['/var/cache/apk'];

export default dockerfileCheck((model) =>
  checkEachRun(model, 'final', (ins, commands, add) => {
    if (!commands.some((c) => runsAny(c, ['apk'])) || mountsOver(ins, [...CACHE, '/etc/apk/cache'])) return;
    commands.forEach((cmd, i) => {
      if (!runsAny(cmd, ['apk'])) return;
      const { name, args } = effectiveCommand(cmd);
      if (name !== 'apk') return;
      const sub = args[subcommandIndex(args, APK_VALUED)];
      if ((sub !== 'add' && sub !== 'update') || hasFlag(args, ['--no-cache'])) return;
      if (commands.slice(i + 1).some((c) => removesDirectory(c, CACHE))) return;
      add({
        message:
          sub === 'add'
            ? 'apk add without --no-cache leaves the package index in /var/cache/apk: use apk add --no-cache'
            : 'apk update leaves the package index in /var/cache/apk: drop it and use apk add --no-cache, which fetches a fresh index',
        location: cmd.location,
      });
    });
  }),
);
