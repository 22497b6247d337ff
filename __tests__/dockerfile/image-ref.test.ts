/** Image references are read the way Docker normalizes them. */
import { familiarImageRef, formatImageRef, ImageRefError, parseImageRef, tryParseImageRef, validRegistry } from '../../src/dockerfile/image-ref.js';

const SHA = 'sha256:2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881';

describe('parseImageRef', () => {
  test.each([
    ['debian', { registry: 'docker.io', repository: 'library/debian' }],
    ['debian:12-slim', { registry: 'docker.io', repository: 'library/debian', tag: '12-slim' }],
    ['bitnami/redis:7.2', { registry: 'docker.io', repository: 'bitnami/redis', tag: '7.2' }],
    ['docker.io/debian', { registry: 'docker.io', repository: 'library/debian' }],
    ['docker.io/library/debian:12', { registry: 'docker.io', repository: 'library/debian', tag: '12' }],
    ['index.docker.io/library/alpine:3.19', { registry: 'docker.io', repository: 'library/alpine', tag: '3.19' }],
    ['ghcr.io/acme/tools/app:1.0', { registry: 'ghcr.io', repository: 'acme/tools/app', tag: '1.0' }],
    ['localhost/app', { registry: 'localhost', repository: 'app' }],
    ['localhost:5000/team/app:v1', { registry: 'localhost:5000', repository: 'team/app', tag: 'v1' }],
    ['127.0.0.1:5000/app', { registry: '127.0.0.1:5000', repository: 'app' }],
    ['[::1]:5000/app:1', { registry: '[::1]:5000', repository: 'app', tag: '1' }],
    ['registry.example.com/app', { registry: 'registry.example.com', repository: 'app' }],
    ['Registry.Example.com/app', { registry: 'registry.example.com', repository: 'app' }],
    ['MyHost/app', { registry: 'myhost', repository: 'app' }],
    // one component without a slash is never a registry, so `localhost:5000` is a tag
    ['localhost:5000', { registry: 'docker.io', repository: 'library/localhost', tag: '5000' }],
    [`debian@${SHA}`, { registry: 'docker.io', repository: 'library/debian', digest: SHA }],
    [`debian:12@${SHA}`, { registry: 'docker.io', repository: 'library/debian', tag: '12', digest: SHA }],
    [`registry.example.com:443/a/b:c@${SHA}`, { registry: 'registry.example.com:443', repository: 'a/b', tag: 'c', digest: SHA }],
    ['a__b/c-----d/e.f_g:T_1.x-Y', { registry: 'docker.io', repository: 'a__b/c-----d/e.f_g', tag: 'T_1.x-Y' }],
  ])('%s', (ref, expected) => {
    expect(parseImageRef(ref)).toEqual(expected);
  });

  test.each([
    ['', /empty/],
    ['Debian', /lowercase/],
    ['acme/App:1', /lowercase/],
    ['debian:', /not a valid tag/],
    ['debian:-1', /not a valid tag/],
    [`debian:${'a'.repeat(129)}`, /not a valid tag/],
    ['debian@sha256:abc', /not a digest/],
    [`debian@sha256:${'a'.repeat(63)}`, /64 hexadecimal/],
    [`debian@md5:${'a'.repeat(32)}`, /unsupported digest algorithm/],
    ['a//b', /empty path component/],
    ['a_-b', /not a valid repository path component/],
    ['-foo.example.com/app', /not a valid registry host/],
    ['example.com:port/app', /not a valid registry host/],
    ['example.com/', /empty/],
    ['2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881', /image ID/],
    [`x/${'a'.repeat(260)}`, /longer than 255/],
  ])('rejects %j', (ref, reason) => {
    expect(() => parseImageRef(ref)).toThrow(ImageRefError);
    expect(() => parseImageRef(ref)).toThrow(reason);
    expect(tryParseImageRef(ref)).toBeUndefined();
  });

  test('a 128-character tag is the longest', () => {
    expect(parseImageRef(`debian:${'a'.repeat(128)}`).tag).toHaveLength(128);
  });
});

describe('formatting', () => {
  test.each([
    ['debian', 'docker.io/library/debian', 'debian'],
    ['bitnami/redis:7', 'docker.io/bitnami/redis:7', 'bitnami/redis:7'],
    ['docker.io/library/a/b', 'docker.io/library/a/b', 'library/a/b'],
    [`ghcr.io/acme/app:1@${SHA}`, `ghcr.io/acme/app:1@${SHA}`, `ghcr.io/acme/app:1@${SHA}`],
  ])('%s', (ref, full, familiar) => {
    const parsed = parseImageRef(ref);
    expect(formatImageRef(parsed)).toBe(full);
    expect(familiarImageRef(parsed)).toBe(familiar);
    expect(parseImageRef(formatImageRef(parsed))).toEqual(parsed);
  });
});

describe('validRegistry', () => {
  test.each([
    ['docker.io', true],
    ['localhost:5000', true],
    ['[2001:db8::1]:443', true],
    ['a-b.c', true],
    ['a-.c', false],
    ['host:', false],
    ['', false],
  ])('%s', (r, ok) => expect(validRegistry(r)).toBe(ok));
});
