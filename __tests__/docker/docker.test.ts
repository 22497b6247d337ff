/** The engine edge without an engine: DOCKER_HOST parsing, registry credentials, the build context, step lines. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tar from 'tar-stream';
import { registryAuth } from '../../src/docker/auth.js';
import { stepLine } from '../../src/docker/build.js';
import { connectEngine, engineTarget } from '../../src/docker/client.js';
import { packContext } from '../../src/docker/context.js';
import { GateError } from '../../src/types.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cdg-docker-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('engineTarget', () => {
  test('the default socket, unix:// and tcp:// as the Docker CLI reads them', () => {
    expect(engineTarget({})).toMatchObject({ options: { socketPath: '/var/run/docker.sock' }, where: 'unix:///var/run/docker.sock' });
    expect(engineTarget({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }).options).toEqual({ socketPath: '/run/user/1000/docker.sock' });
    expect(engineTarget({ DOCKER_HOST: 'tcp://10.0.0.5:2375' })).toMatchObject({ options: { host: '10.0.0.5', port: 2375, protocol: 'http' }, where: 'tcp://10.0.0.5:2375' });
  });
  test('TLS from DOCKER_TLS_VERIFY and DOCKER_CERT_PATH; a missing cert is named', () => {
    for (const f of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(dir, f), f);
    const t = engineTarget({ DOCKER_HOST: 'tcp://docker.example:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: dir });
    expect(t.where).toBe('tcp://docker.example:2376 (TLS)');
    expect(t.options).toMatchObject({ protocol: 'https', port: 2376 });
    expect(String((t.options as { ca: Buffer }).ca)).toBe('ca.pem');
    rmSync(join(dir, 'key.pem'));
    expect(() => engineTarget({ DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: dir })).toThrow(/key.pem does not exist/);
  });
  test('an unsupported DOCKER_HOST is a usage error', () => {
    expect(() => engineTarget({ DOCKER_HOST: 'npipe:////./pipe/docker_engine' })).toThrow(GateError);
  });
  test('no engine: exit 3, naming where the gate looked', async () => {
    const sock = join(dir, 'none.sock');
    await expect(connectEngine({ DOCKER_HOST: `unix://${sock}` })).rejects.toMatchObject({ exitCode: 3, message: expect.stringContaining(`unix://${sock}`) });
  });
});

describe('registryAuth', () => {
  test('input credentials win; a token alone is a bearer token', () => {
    expect(registryAuth('ghcr.io', { username: 'u', password: 'p' })).toEqual({ username: 'u', password: 'p', serveraddress: 'ghcr.io' });
    expect(registryAuth('ghcr.io', { token: 't' })).toEqual({ registrytoken: 't', serveraddress: 'ghcr.io' });
  });
  test('the Docker config file: base64 auth, identity tokens, Docker Hub key', () => {
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({ auths: { 'https://index.docker.io/v1/': { auth: Buffer.from('hub:pw:with:colons').toString('base64') }, 'reg.example:5000': { identitytoken: 'idt' } } }),
    );
    const env = { DOCKER_CONFIG: dir };
    expect(registryAuth('docker.io', undefined, env)).toEqual({ username: 'hub', password: 'pw:with:colons', serveraddress: 'https://index.docker.io/v1/' });
    expect(registryAuth('reg.example:5000', undefined, env)).toEqual({ identitytoken: 'idt', serveraddress: 'reg.example:5000' });
    expect(registryAuth('other.example', undefined, env)).toBeUndefined();
  });
  test('a broken config file is named, without its content', () => {
    writeFileSync(join(dir, 'config.json'), '{"auths": {"x": {"auth": "c2VjcmV0"');
    expect(() => registryAuth('x', undefined, { DOCKER_CONFIG: dir })).toThrow(/config.json: not valid JSON/);
  });
});

describe('packContext', () => {
  test('.dockerignore applies (with exceptions); the Dockerfile and .dockerignore are always sent', async () => {
    const files: Record<string, string> = { Dockerfile: 'FROM x\n', '.dockerignore': 'Dockerfile\nsecrets\n*.log\n!keep.log\nnode_modules\n', 'app.js': '1', 'a.log': 'x', 'keep.log': 'k', 'secrets/key': 'k', 'node_modules/m/i.js': '' };
    for (const [f, body] of Object.entries(files)) {
      mkdirSync(join(dir, f, '..'), { recursive: true });
      writeFileSync(join(dir, f), body);
    }
    const ctx = packContext(dir, join(dir, 'Dockerfile'));
    const names: string[] = [];
    const ex = tar.extract();
    ex.on('entry', (h, s, next) => {
      names.push(h.name);
      s.on('end', () => next());
      s.resume();
    });
    await new Promise((res, rej) => {
      ex.on('finish', () => res(undefined));
      ex.on('error', rej);
      ctx.stream.pipe(ex as unknown as NodeJS.WritableStream);
    });
    expect(names.sort()).toEqual(['.dockerignore', 'Dockerfile', 'app.js', 'keep.log']);
    expect(ctx.dockerfile).toBe('Dockerfile');
  });
  test('a missing context or Dockerfile is a usage error', () => {
    expect(() => packContext(join(dir, 'nope'), join(dir, 'Dockerfile'))).toThrow(/does not exist/);
    expect(() => packContext(dir, join(dir, 'Dockerfile'))).toThrow(/Dockerfile .* does not exist/);
  });
});

test('stepLine finds the failing instruction, continuations included', () => {
  const text = 'FROM x\nRUN echo ok\nRUN apt-get update && \\\n    apt-get install -y nope\n';
  expect(stepLine(text, 'RUN echo ok')).toBe(2);
  expect(stepLine(text, 'RUN apt-get update &&     apt-get install -y nope')).toBe(3);
  expect(stepLine(text, 'RUN missing')).toBeUndefined();
});
