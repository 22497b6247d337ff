/**
 * Image references (`debian:12`, `ghcr.io/org/app@sha256:…`) parsed and normalized the way Docker does:
 * the grammar of the distribution reference package, then the familiar-name rules (no registry means
 * Docker Hub, `docker.io`; a one-part Docker Hub name lives under `library/`).
 * Standalone: no Dockerfile knowledge, so image and runtime code can use it too.
 */

export interface ImageRef {
  /** Registry host, with port if any, lower-case as Docker compares it: `docker.io`, `ghcr.io`, `localhost:5000`. */
  registry: string;
  /** Repository path inside the registry: `library/debian`, `org/app`. */
  repository: string;
  tag?: string;
  /** `sha256:<64 hex>` (or another registered algorithm). */
  digest?: string;
}

export class ImageRefError extends Error {
  constructor(
    readonly reference: string,
    reason: string,
  ) {
    super(`invalid image reference "${reference}": ${reason}`);
    this.name = 'ImageRefError';
  }
}

export const DOCKER_HUB = 'docker.io';
const LEGACY_HUB = 'index.docker.io';
const NAME_MAX = 255;

// The reference grammar (github.com/distribution/reference, reference.go).
const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const PORT = /^[0-9]+$/;
const IPV6 = /^\[[a-fA-F0-9:]+\]$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*):([0-9a-fA-F]{32,})$/;
const HEX_ID = /^[a-f0-9]{64}$/;
/** Hex lengths of the algorithms Docker accepts in a digest (go-digest's registered algorithms). */
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

function validHost(host: string): boolean {
  if (IPV6.test(host)) return true;
  return host.split('.').every((c) => DOMAIN_COMPONENT.test(c));
}

/** `host`, `host:port`, `[v6]:port`: is it a registry domain the grammar accepts? */
export function validRegistry(domain: string): boolean {
  const m = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(domain);
  if (!m || !m[1]) return false;
  if (m[2] !== undefined && !PORT.test(m[2])) return false;
  return validHost(m[1]);
}

/**
 * Parse an image reference as `docker pull` and `FROM` read it. Throws ImageRefError with Docker's reason
 * (uppercase repository, bad tag, bad digest, ...) for a string Docker would reject.
 */
export function parseImageRef(reference: string): ImageRef {
  const fail = (reason: string): never => {
    throw new ImageRefError(reference, reason);
  };
  if (reference === '') fail('it is empty');
  if (HEX_ID.test(reference)) fail('a 64-character hexadecimal string is an image ID, not a repository name');

  let rest = reference;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    const d = DIGEST.exec(digest);
    if (!d) fail(`"${digest}" is not a digest (algorithm:hex)`);
    const want = DIGEST_HEX_LENGTH[d![1]];
    if (want === undefined) fail(`unsupported digest algorithm "${d![1]}"`);
    if (d![2].length !== want) fail(`a ${d![1]} digest has ${want} hexadecimal characters, not ${d![2].length}`);
  }

  // A tag follows the last colon that comes after the last slash (a colon before it is a registry port).
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) fail(`"${tag}" is not a valid tag`);
  }

  // The first component is a registry when it looks like a host: a dot, a port, `localhost`, or upper case.
  let registry = DOCKER_HUB;
  let repository = rest;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase()) {
      registry = first;
      repository = rest.slice(slash + 1);
      if (!validRegistry(registry)) fail(`"${registry}" is not a valid registry host`);
    }
  }
  if (repository === '') fail('the repository name is empty');
  for (const part of repository.split('/')) {
    if (PATH_COMPONENT.test(part)) continue;
    if (PATH_COMPONENT.test(part.toLowerCase())) fail('the repository name must be lowercase');
    fail(part === '' ? 'the repository name has an empty path component' : `"${part}" is not a valid repository path component`);
  }

  registry = registry.toLowerCase();
  if (registry === LEGACY_HUB) registry = DOCKER_HUB;
  if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`;
  if (registry.length + 1 + repository.length > NAME_MAX) fail(`the name is longer than ${NAME_MAX} characters`);
  return { registry, repository, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** The parsed reference, or undefined when Docker would reject the string. */
export function tryParseImageRef(reference: string): ImageRef | undefined {
  try {
    return parseImageRef(reference);
  } catch (e) {
    if (e instanceof ImageRefError) return undefined;
    throw e;
  }
}

/** The fully qualified form: `docker.io/library/debian:12@sha256:…`. */
export function formatImageRef(ref: ImageRef): string {
  return `${ref.registry}/${ref.repository}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`;
}

/** The short form Docker prints: `debian:12`, `bitnami/redis`, `ghcr.io/org/app:1`. */
export function familiarImageRef(ref: ImageRef): string {
  let name = `${ref.registry}/${ref.repository}`;
  if (ref.registry === DOCKER_HUB) name = ref.repository.startsWith('library/') && ref.repository.split('/').length === 2 ? ref.repository.slice(8) : ref.repository;
  return `${name}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`;
}
