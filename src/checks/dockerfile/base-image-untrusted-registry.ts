/** CIS 4.2: base images come only from registries (or registry paths) the configuration trusts. */
import { DOCKER_HUB } from '../../dockerfile/image-ref.js';
import { dockerfileCheck, listOption, skip } from '../check.js';
import { judgeBaseImages, shownImage } from '../support.js';

/** Host names that all mean Docker Hub. */
const HUB_ALIASES = new Set([DOCKER_HUB, 'index.docker.io', 'registry-1.docker.io', 'hub.docker.com', 'registry.hub.docker.com']);
const hub = (registry: string) => (HUB_ALIASES.has(registry) ? DOCKER_HUB : registry);

/** `ghcr.io/acme/` -> {registry: ghcr.io, path: acme}; `docker.io` -> {registry: docker.io}. */
function allowEntry(entry: string): { registry: string; path?: string } {
  const e = entry.trim().toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/\/+$/, '');
  const slash = e.indexOf('/');
  if (slash < 0) return { registry: hub(e) };
  return { registry: hub(e.slice(0, slash)), path: e.slice(slash + 1) };
}

export default dockerfileCheck((model, options) => {
  const list = listOption(options, 'registries').filter((r) => r.trim() !== '');
  if (!list.length) return skip('no registry allow-list configured: set the registries option to check where base images come from');
  const allowed = list.map(allowEntry);
  return judgeBaseImages(model, (base) => {
    const registry = hub(base.ref.registry);
    const repo = base.ref.repository;
    const ok = allowed.some((a) => a.registry === registry && (a.path === undefined || repo === a.path || repo.startsWith(a.path + '/')));
    if (ok) return undefined;
    return {
      message: `FROM ${shownImage(base)} pulls ${registry}/${repo}, which is outside the allowed registries (${list.join(', ')})`,
      location: base.stage.from.location,
    };
  });
});
