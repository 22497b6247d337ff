/**
 * CIS 4.3: remote-access and debugging tools (SSH and telnet servers, netcat, debuggers, editors) installed
 * into the final image: they help an intruder more than they help the service. The list is an option.
 */
import { finalInstructions, type ShellCommand } from '../../dockerfile/model.js';
import type { RawFinding } from '../../types.js';
import { dockerfileCheck, listOption, skip } from '../check.js';
import { apkVirtualName, decide, packageActions, packageSpecs, shellEnvBefore, unparsedRuns } from '../support.js';

/** Subcommands that take packages out again, per manager. */
const REMOVE: Record<string, string[]> = {
  'apt-get': ['remove', 'purge', 'autoremove'],
  apt: ['remove', 'purge', 'autoremove'],
  aptitude: ['remove', 'purge'],
  yum: ['remove', 'erase', 'autoremove'],
  dnf: ['remove', 'erase', 'autoremove'],
  microdnf: ['remove'],
  apk: ['del'],
  zypper: ['remove', 'rm'],
};

interface Installed {
  cmd: ShellCommand;
  manager: string;
  /** Forbidden names this command installs that are still installed. */
  names: Set<string>;
}

export default dockerfileCheck((model, options) => {
  if (model.finalStage < 0) return skip('the Dockerfile has no stage');
  const tools = new Set(listOption(options, 'tools').map((t) => t.trim().toLowerCase()).filter(Boolean));
  if (!tools.size) return skip('the tools option lists no package');
  const instructions = finalInstructions(model);
  const installs: Installed[] = [];
  const virtuals = new Map<string, string[]>();
  const unknown: string[] = [];

  const removeName = (name: string) => {
    for (const inst of installs) inst.names.delete(name);
  };

  for (const ins of instructions) {
    const commands = ins.shell?.commands;
    if (!commands?.length) continue;
    for (const action of packageActions(commands)) {
      const specs = packageSpecs(action, shellEnvBefore(ins, action.cmd));
      if (action.verb === 'install') {
        const names = new Set<string>();
        for (const s of specs) {
          if (s.unresolved) {
            unknown.push(`${action.manager} ${action.subcommand} on line ${action.cmd.location.startLine} installs ${s.spec}, whose value is not known here`);
          } else if (s.name && s.remove) removeName(s.name);
          else if (s.name && tools.has(s.name)) names.add(s.name);
        }
        const virtual = apkVirtualName(action);
        if (virtual) virtuals.set(virtual.toLowerCase(), specs.flatMap((s) => (s.name && !s.remove ? [s.name] : [])));
        if (names.size) installs.push({ cmd: action.cmd, manager: action.manager, names });
      } else if (action.subcommand !== undefined && REMOVE[action.manager]?.includes(action.subcommand)) {
        for (const s of specs) {
          if (s.name) removeName(s.name);
          for (const member of virtuals.get(s.spec.toLowerCase()) ?? []) removeName(member);
        }
      }
    }
  }

  const findings: RawFinding[] = installs
    .filter((i) => i.names.size)
    .map((i) => {
      const names = [...i.names];
      return {
        message: `${i.manager} installs ${names.join(', ')} into the final image: ${names.length === 1 ? 'a remote-access or debugging tool' : 'remote-access or debugging tools'} the running service does not need`,
        location: i.cmd.location,
        key: `${i.manager}:${names.sort().join(',')}`,
      };
    });
  return decide(findings, [...unknown, ...unparsedRuns(instructions)]);
});
