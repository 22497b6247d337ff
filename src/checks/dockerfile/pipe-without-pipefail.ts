/**
 * Hygiene: a pipe in RUN reports only its last command's exit status, so `curl ... | tar x` succeeds when the
 * download fails. `pipefail` (from the SHELL, or `set -o pipefail` earlier in the same RUN) makes the step fail.
 */
import type { Instruction, ShellCommand } from '../../dockerfile/model.js';
import { dockerfileCheck } from '../check.js';
import { checkEachRun, commandName, effectiveCommand } from '../support.js';

/** Producers whose failure carries no information, and `yes`, which pipefail would turn into a failed build (SIGPIPE). */
const HARMLESS_PRODUCERS = new Set(['echo', 'printf', 'yes']);

/**
 * The pipefail state after these options: `-o pipefail`, `-eo pipefail`, `-euxo pipefail` turn it on,
 * `+o pipefail` off; undefined when they do not mention it.
 */
export function pipefailOption(args: string[]): boolean | undefined {
  let state: boolean | undefined;
  for (let i = 0; i + 1 < args.length; i++) {
    if (/^[-+][A-Za-z]*o[A-Za-z]*$/.test(args[i]) && args[i + 1] === 'pipefail') state = args[i].startsWith('-');
  }
  return state;
}

/** Does the shell that runs this RUN start with pipefail on (SHELL options, or a heredoc's shebang line)? */
function startsWithPipefail(ins: Instruction): boolean {
  const script = ins.heredocs[0]?.content;
  if (script?.startsWith('#!') && ins.args.trim().startsWith('<<')) return script.split('\n')[0].includes('pipefail');
  return pipefailOption(ins.shellCommand ?? []) === true;
}

const basename = (p: string) => p.slice(p.lastIndexOf('/') + 1);

export default dockerfileCheck((model) =>
  checkEachRun(model, 'all', (ins, commands, add) => {
    let pipefail = startsWithPipefail(ins);
    const seen = new Set<number>();
    for (const cmd of commands) {
      if (commandName(cmd) === 'set') pipefail = pipefailOption(cmd.args) ?? pipefail;
      if (cmd.pipelineLength < 2 || seen.has(cmd.pipelineId)) continue;
      seen.add(cmd.pipelineId);
      if (pipefail) continue;
      const members = commands.filter((c) => c.pipelineId === cmd.pipelineId);
      const producers = members.filter((c) => c.pipelineIndex < cmd.pipelineLength - 1);
      if (producers.every((c) => HARMLESS_PRODUCERS.has(effectiveCommand(c).name) || c.name === '')) continue;
      add({ message: message(ins, producers), location: span(members) });
    }
  }),
);

function message(ins: Instruction, producers: ShellCommand[]): string {
  const names = [...new Set(producers.map((c) => effectiveCommand(c).name).filter((n) => n && !HARMLESS_PRODUCERS.has(n)))];
  const shell = ins.shellCommand?.[0] ?? '/bin/sh';
  const fix = ['sh', 'dash'].includes(basename(shell))
    ? `${shell} may not support pipefail: set SHELL ["/bin/bash", "-o", "pipefail", "-c"] (SHELL ["/bin/ash", "-eo", "pipefail", "-c"] on Alpine)`
    : `add "-o", "pipefail" to the SHELL, or start the RUN with set -o pipefail &&`;
  return `a pipe without pipefail ignores the exit status of ${names.join(', ')}: ${fix}`;
}

/** From the start of the pipeline's first command to the end of its last. */
function span(members: ShellCommand[]) {
  const first = members[0].location;
  const last = members.reduce((a, c) => (c.location.endLine > a.endLine || (c.location.endLine === a.endLine && c.location.endColumn > a.endColumn) ? c.location : a), first);
  return { ...first, endLine: last.endLine, endColumn: last.endColumn };
}
