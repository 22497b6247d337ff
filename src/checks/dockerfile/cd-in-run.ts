/** Hygiene: `cd` in RUN to change directory; WORKDIR states where the following steps run. */
import type { ShellCommand } from '../../dockerfile/model.js';
import { dockerfileCheck } from '../check.js';
import { checkEachRun, commandName } from '../support.js';

/** Variables the RUN body assigns itself (`tmp=$(mktemp -d)`, `export DIR=...`): WORKDIR cannot name those. */
function assignedNames(commands: ShellCommand[]): Set<string> {
  const names = new Set<string>();
  for (const c of commands) {
    for (const name of Object.keys(c.assigns)) if (c.name === '') names.add(name);
    if (['export', 'local', 'declare', 'readonly', 'typeset'].includes(c.name)) {
      for (const a of c.args) if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(a)) names.add(a.slice(0, a.indexOf('=')));
    }
  }
  return names;
}

/** A target only known while the RUN runs: a command substitution or a variable the body set. */
function computedTarget(target: string, assigned: Set<string>): boolean {
  if (target.includes('$(') || target.includes('`')) return true;
  for (const m of target.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) if (assigned.has(m[1])) return true;
  return false;
}

export default dockerfileCheck((model) =>
  checkEachRun(model, 'all', (_ins, commands, add) => {
    const cds = commands.filter((c) => commandName(c) === 'cd');
    if (!cds.length) return;
    const assigned = assignedNames(commands);
    for (const cmd of cds) {
      const target = cmd.args.find((a) => !a.startsWith('-'));
      if (target !== undefined && computedTarget(target, assigned)) continue;
      add({
        message: `RUN changes directory with cd${target ? ` ${target}` : ''}: use WORKDIR${target ? ` ${target}` : ''} (or the tool's own directory option, such as make -C)`,
        location: cmd.location,
      });
    }
  }),
);
