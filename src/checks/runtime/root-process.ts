/**
 * CIS 4.1 at runtime: processes of the running container whose effective user is root. This catches what the
 * config hides: an entrypoint that never drops privileges, a `USER 0:0`, a numeric root. Located on the
 * declared `user:` when the profile made it root, else on the Dockerfile's USER line (or the final FROM).
 */
import { isRootUser } from '../../runtime/model.js';
import { containerLocation, listSome, probeCheck } from '../../runtime/judge.js';

export default probeCheck(
  (f) => f.processes,
  (processes, model, _options, facts) => {
    if (facts.hostUids) return { skip: facts.hostUids };
    const root = processes.filter((p) => p.uid === 0).sort((a, b) => a.pid - b.pid);
    if (!root.length) return { findings: [] };
    const declared = model.profile?.user;
    const location = declared && isRootUser(declared.value) ? declared.location : containerLocation(model, (i) => i.user);
    const names = [...new Set(root.map((p) => p.comm || p.args))];
    const message =
      root.length === processes.length
        ? `every process runs as root (uid 0): ${listSome(names)}`
        : `${root.length} of ${processes.length} processes run as root (uid 0): ${listSome(names)}`;
    return { findings: [{ message, location, key: `root:${[...new Set(root.map((p) => p.comm))].sort().join(',')}` }] };
  },
);
