/**
 * Hygiene: the container does not stay up. A container that exits at once (or cannot start) is reported with
 * its exit code and its last log lines, never as a pass: nothing about it was observed running. An exit code
 * of 0 (a one-shot tool) is reported at low: give the command that keeps it running with --runtime-command.
 */
import { runtimeCheck } from '../check.js';
import { containerLocation } from '../../runtime/judge.js';

export default runtimeCheck((model) => {
  if ('skipped' in model.probe) return { skip: model.probe.skipped };
  const f = model.probe.value;
  const location = containerLocation(model, (i) => i.command);
  const cmd = f.command.join(' ');
  if (f.startError) return { findings: [{ message: `the container did not start: ${f.startError}`, location, key: 'start-error' }] };
  if (!f.exit) return { findings: [] };
  const e = f.exit;
  const logs = e.logs.length ? `; last log lines: ${e.logs.slice(-5).join(' ⏎ ')}` : '; it logged nothing';
  const why = e.oomKilled ? ' (killed: out of memory)' : '';
  return {
    findings: [
      {
        message: `the container exited with code ${e.code}${why}, ${(e.afterMs / 1000).toFixed(1)} s after it started (command: ${cmd || 'none'})${logs}`,
        location,
        key: `exit:${e.code}`,
        ...(e.code === 0 && !e.oomKilled ? { severity: 'low' as const } : {}),
      },
    ],
  };
});
