/**
 * CIS 5.6: a sensitive host directory bind-mounted into the container: one of the listed directories itself
 * (`/` only itself), or a path under one (`/etc/shadow`). Read-only mounts of the `allowReadOnly` paths (the
 * time zone files, by default) are allowed; other read-only mounts are reported at medium.
 */
import { listOption } from '../check.js';
import { at, declaredCheck } from '../../runtime/judge.js';
import { normalizeHostPath } from '../../runtime/values.js';

const under = (path: string, dir: string) => (dir === '/' ? path === '/' : path === dir || path.startsWith(`${dir}/`));

export default declaredCheck((profile, options) => {
  const sensitive = listOption(options, 'paths');
  const allowReadOnly = listOption(options, 'allowReadOnly');
  return profile.mounts.flatMap((m) => {
    if (m.value.type !== 'bind' || !m.value.source) return [];
    const source = normalizeHostPath(m.value.source);
    const dir = sensitive.find((d) => under(source, d));
    if (!dir) return [];
    if (m.value.readOnly && allowReadOnly.some((a) => under(source, a))) return [];
    const what = source === dir ? `the host's ${dir}` : `${source} (under the host's ${dir})`;
    return [at(m, `${what} is mounted on ${m.value.target}${m.value.readOnly ? ' read-only' : ' read-write'}`, m.value.readOnly ? 'medium' : undefined)];
  });
});
