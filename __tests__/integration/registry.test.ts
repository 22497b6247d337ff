/**
 * Pull with authentication through the gate: Debian's docker-registry on 127.0.0.1 with htpasswd auth. A
 * fixture is pushed, removed locally, then pulled back by the gate (credentials as input, then from a Docker
 * config file); a wrong password is a clear error that never shows the password.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../src/config/config.js';
import { scan } from '../../src/gate/scan.js';
import { describeWithEngine, docker, labelledLeftovers, sh } from './engine.js';

const d = await describeWithEngine();

const USER = 'gate';
const PASSWORD = 'S3cret-Pa55word-xyz';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

const base = (over: Partial<Config>): Config => ({ dockerfiles: [], buildArgs: {}, failOn: 'never', profile: 'all', ruleOptions: {}, disabled: [], ...over });

d('pull with authentication from a local registry', () => {
  let dir: string;
  let registry: ChildProcess;
  let ref: string;
  const logs: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cdg-registry-'));
    const port = await freePort();
    sh(`htpasswd -Bbn ${USER} ${PASSWORD} > ${dir}/htpasswd`);
    writeFileSync(
      join(dir, 'config.yml'),
      `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\nhttp:\n  addr: 127.0.0.1:${port}\nauth:\n  htpasswd:\n    realm: cdg\n    path: ${dir}/htpasswd\n`,
    );
    registry = spawn('docker-registry', ['serve', join(dir, 'config.yml')], { stdio: 'ignore' });
    for (let i = 0; i < 50; i++) {
      try {
        sh(`curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:${port}/v2/ | grep -q 401`);
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    ref = `127.0.0.1:${port}/cdg/pushed:1`;
    const ctx = join(dir, 'ctx');
    sh(`mkdir -p ${ctx} && printf 'FROM cdg-fixture/busybox:1\\nUSER 0\\nEXPOSE 22\\n' > ${ctx}/Dockerfile && DOCKER_BUILDKIT=0 docker build -q --network none -t ${ref} ${ctx}`);
    const push = (await docker.getImage(ref).push({ authconfig: { username: USER, password: PASSWORD, serveraddress: `127.0.0.1:${port}` } } as never)) as unknown as NodeJS.ReadableStream;
    const events: { error?: string }[] = await new Promise((res, rej) => docker.modem.followProgress(push, (e: Error | null, out: { error?: string }[]) => (e ? rej(e) : res(out))));
    const failed = events.find((e) => e.error);
    if (failed) throw new Error(`push failed: ${failed.error}`);
    sh(`docker rmi -f ${ref} >/dev/null`);
  }, 120_000);

  afterAll(() => {
    registry?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  afterEach(async () => {
    expect(await labelledLeftovers()).toEqual([]);
  });

  test('with credentials as input: pulled, checked, and removed again', async () => {
    const report = await scan(base({ image: ref, pull: 'missing', registry: { username: USER, password: PASSWORD } }), (l) => logs.push(l));
    expect(report.findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['image/root-user', 'image/ssh-port']));
    expect(logs.join('\n')).toMatch(/pulling .*with credentials[\s\S]*pulled/);
    expect(logs.join('\n')).not.toContain(PASSWORD);
    await expect(docker.getImage(ref).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  test('with credentials from a Docker config file (base64 auth)', async () => {
    const cfgDir = join(dir, 'docker-config');
    sh(`mkdir -p ${cfgDir}`);
    const host = ref.split('/')[0];
    writeFileSync(join(cfgDir, 'config.json'), JSON.stringify({ auths: { [host]: { auth: Buffer.from(`${USER}:${PASSWORD}`).toString('base64') } } }));
    process.env.DOCKER_CONFIG = cfgDir;
    try {
      const report = await scan(base({ image: ref, pull: 'always' }), (l) => logs.push(l));
      expect(report.findings.some((f) => f.ruleId === 'image/root-user')).toBe(true);
    } finally {
      delete process.env.DOCKER_CONFIG;
    }
  });

  test('a wrong password is a clear error (exit 3) that does not show the password', async () => {
    const wrong = 'Wrong-Pa55word-abc';
    const err = await scan(base({ image: ref, pull: 'always', registry: { username: USER, password: wrong } }), (l) => logs.push(l)).catch((e) => e);
    expect(err).toMatchObject({ exitCode: 3, message: expect.stringMatching(/pulling .* failed: .*(unauthorized|authentication required|no basic auth)/i) });
    expect(err.message).not.toContain(wrong);
    expect(logs.join('\n')).not.toContain(wrong);
  });
});
