/**
 * CIS 4.3: `apt-get install` also installs every package the named ones recommend, unless told not to:
 * `--no-install-recommends`, `-o APT::Install-Recommends=false`, or an apt.conf setting made earlier.
 */
import { finalInstructions, type ShellCommand } from '../../dockerfile/model.js';
import type { RawFinding } from '../../types.js';
import { dockerfileCheck, skip } from '../check.js';
import { decide, effectiveCommand, hasFlag, packageActions, unparsedRuns, type PackageAction } from '../support.js';

const APT = new Set(['apt-get', 'apt', 'aptitude']);
const FALSE = new Set(['0', 'false', 'no', 'off', 'without', 'disable']);
/** `APT::Install-Recommends "false";` as apt.conf writes it (or `=false` as `-o` does). */
const CONF_SETTING = /APT::Install-Recommends(?:\s*=\s*|\s+)"?([A-Za-z0-9]+)/i;

const turnsOff = (setting: string) => {
  const m = CONF_SETTING.exec(setting);
  return !!m && FALSE.has(m[1].toLowerCase());
};

/** Does this install turn recommends off on its command line? */
function withoutRecommends(action: PackageAction): boolean {
  const { args } = action;
  if (hasFlag(args, ['--no-install-recommends', '--without-recommends'])) return true;
  if (action.manager === 'aptitude' && hasFlag(args, [], ['R'])) return true;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') break;
    const eq = a.match(/^--install-recommends=(.*)$/);
    if (eq && FALSE.has(eq[1].toLowerCase())) return true;
    const value = a === '-o' || a === '--option' ? args[i + 1] : a.startsWith('--option=') ? a.slice(9) : a.startsWith('-o') && a.length > 2 ? a.slice(2) : undefined;
    if (value !== undefined && turnsOff(value)) return true;
  }
  return false;
}

/** `echo 'APT::Install-Recommends "false";' > /etc/apt/apt.conf.d/99norecommends` (and printf). */
function writesAptConf(cmd: ShellCommand): boolean {
  const { name, args } = effectiveCommand(cmd);
  return (name === 'echo' || name === 'printf') && turnsOff(args.join(' '));
}

export default dockerfileCheck((model) => {
  if (model.finalStage < 0) return skip('the Dockerfile has no stage');
  const instructions = finalInstructions(model);
  const findings: RawFinding[] = [];
  let configured = false;
  for (const ins of instructions) {
    if (ins.heredocs.some((h) => h.content.split('\n').some(turnsOff))) configured = true;
    const commands = ins.shell?.commands ?? [];
    const actions = new Map(packageActions(commands).map((a) => [a.cmd, a]));
    for (const cmd of commands) {
      if (writesAptConf(cmd)) configured = true;
      const action = actions.get(cmd);
      if (!action || !APT.has(action.manager) || action.verb !== 'install' || configured || withoutRecommends(action)) continue;
      const pkgs = action.operands;
      const shown = pkgs.length > 4 ? `${pkgs.slice(0, 4).join(' ')} …` : pkgs.join(' ');
      findings.push({
        message: `${action.manager} install${shown ? ` ${shown}` : ''} without --no-install-recommends also installs every package ${pkgs.length === 1 ? 'it recommends' : 'they recommend'}`,
        location: cmd.location,
      });
    }
  }
  return decide(findings, unparsedRuns(instructions));
});
