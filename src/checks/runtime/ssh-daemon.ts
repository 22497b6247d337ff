/** CIS 5.7: an SSH (or telnet, rsh...) daemon running in the container, found in the engine's process list. */
import { listOption } from '../check.js';
import { containerLocation, probeCheck } from '../../runtime/judge.js';

/** `/usr/sbin/sshd -D` -> `sshd`; `sshd: /usr/sbin/sshd [listener]` -> `sshd`. */
function programName(args: string): string {
  const first = args.trim().split(/\s+/)[0] ?? '';
  return first.replace(/:$/, '').split('/').pop() ?? '';
}

export default probeCheck(
  (f) => f.processes,
  (processes, model, options) => {
    const daemons = listOption(options, 'daemons').map((d) => d.toLowerCase());
    const findings = processes
      .filter((p) => daemons.includes(p.comm.toLowerCase()) || daemons.includes(programName(p.args).toLowerCase()))
      .map((p) => {
        const name = daemons.includes(p.comm.toLowerCase()) ? p.comm : programName(p.args);
        const cmd = p.args.length > 100 ? `${p.args.slice(0, 99)}…` : p.args;
        return { message: `${name} is running in the container (${cmd})`, location: containerLocation(model, (i) => i.command), key: `daemon:${name}` };
      });
    return { findings };
  },
);
