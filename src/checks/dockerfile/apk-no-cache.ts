/**
 * Hygiene: `apk add` (or `apk update`) without --no-cache stores the package index in /var/cache/apk, which then stays
 * in a layer of the final image. Stages that do not reach the final image are not checked.
 */
import { finalInstructions } from '../../dockerfile/model.js';
import type { RawFinding } from '../../types.js';
import { dockerfileCheck, skip } from '../check.js';
import { decide, effectiveCommand, hasFlag, runsAny, mountsOver, removesDirectory, subcommandIndex, unparsedRuns } from '../support.js';

const APK_VALUED = ['-X', '-p', '--repository', '--root', '--arch', '--keys-dir', '--repositories-file', '--cache-dir', '--cache-max-age'];
const CACHE = ['/var/cache/apk'];

export default dockerfileCheck((model) => {
  if (model.finalStage < 0) return skip('the Dockerfile has no stage');
  const runs = finalInstructions(model).filter((i) => i.keyword === 'RUN');
  const findings: RawFinding[] = [];
  for (const ins of runs) {
    const commands = ins.shell?.commands ?? [];
    if (!commands.some((c) => runsAny(c, ['apk'])) || mountsOver(ins, [...CACHE, '/etc/apk/cache'])) continue;
    commands.forEach((cmd, i) => {
      if (!runsAny(cmd, ['apk'])) return;
      const { name, args } = effectiveCommand(cmd);
      if (name !== 'apk') return;
      const sub = args[subcommandIndex(args, APK_VALUED)];
      if ((sub !== 'add' && sub !== 'update') || hasFlag(args, ['--no-cache'])) return;
      if (commands.slice(i + 1).some((c) => removesDirectory(c, CACHE))) return;
      findings.push({
        message:
          sub === 'add'
            ? 'apk add without --no-cache leaves the package index in /var/cache/apk: use apk add --no-cache'
            : 'apk update leaves the package index in /var/cache/apk: drop it and use apk add --no-cache, which fetches a fresh index',
        location: cmd.location,
      });
    });
  }
  return decide(findings, unparsedRuns(runs));
});
