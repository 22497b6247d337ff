/**
 * CIS 4.7: a package-index update in a RUN of its own is cached as a layer, so a later RUN's install can
 * use a stale index (old, vulnerable versions, or 404s). The update belongs in the RUN that installs.
 */
import { allInstructions, type ShellCommand } from '../../dockerfile/model.js';
import type { RawFinding } from '../../types.js';
import { dockerfileCheck } from '../check.js';
import { decide, effectiveCommand, operands, packageActions, unparsedRuns, type PackageAction } from '../support.js';

/** Package managers that share one index, and the subcommands that use it. */
const FAMILIES: { managers: string[]; consumers: string[] }[] = [
  {
    managers: ['apt-get', 'apt', 'aptitude'],
    consumers: ['install', 'reinstall', 'upgrade', 'dist-upgrade', 'full-upgrade', 'safe-upgrade', 'build-dep', 'satisfy', 'download', 'source'],
  },
  {
    managers: ['yum', 'dnf', 'microdnf'],
    consumers: ['install', 'groupinstall', 'localinstall', 'reinstall', 'upgrade', 'update', 'distro-sync', 'downgrade', 'group', 'module', 'builddep', 'download'],
  },
  { managers: ['apk'], consumers: ['add', 'upgrade', 'fix', 'fetch'] },
  {
    managers: ['zypper'],
    consumers: ['install', 'in', 'update', 'up', 'dist-upgrade', 'dup', 'patch', 'source-install', 'si', 'download'],
  },
];

const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh']);

/** A command whose effect cannot be seen here: a script that may install with the fresh index. */
function opaque(cmd: ShellCommand): boolean {
  const { name, args } = effectiveCommand(cmd);
  if (name === '.' || name === 'source') return true;
  if (SHELLS.has(name)) return operands(args).length > 0 || args.includes('-c');
  return cmd.name.startsWith('./') || cmd.name.startsWith('../') || name.endsWith('.sh');
}

const familyOf = (a: PackageAction) => FAMILIES.find((f) => f.managers.includes(a.manager));

export default dockerfileCheck((model) => {
  const findings: RawFinding[] = [];
  const instructions = allInstructions(model);
  for (const ins of instructions) {
    const commands = ins.shell?.commands;
    if (!commands?.length) continue;
    const actions = packageActions(commands);
    for (const update of actions.filter((a) => a.verb === 'update')) {
      const family = familyOf(update);
      if (!family) continue;
      const used = actions.some((a) => a !== update && family.managers.includes(a.manager) && a.subcommand !== undefined && family.consumers.includes(a.subcommand));
      if (used) continue;
      const after = commands.slice(commands.indexOf(update.cmd) + 1);
      if (after.some(opaque)) continue;
      findings.push({
        message: `${update.manager} ${update.subcommand} runs without an install in the same RUN: the index is cached in this layer and a later RUN installs from a stale copy; install in this RUN (${update.manager} ${update.subcommand} && ${family.managers.includes('apk') ? 'apk add' : `${update.manager === 'apt' ? 'apt' : update.manager} install`} …)`,
        location: update.cmd.location,
      });
    }
  }
  return decide(findings, unparsedRuns(instructions));
});
