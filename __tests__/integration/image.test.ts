/** The image target against the real engine: build (BuildKit and legacy), engine images, archives, failures. */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scan } from '../../src/gate/scan.js';
import type { Report } from '../../src/report/report.js';
import { GateError } from '../../src/types.js';
import { describeWithEngine, docker, engineConfig, labelledLeftovers, sh } from './engine.js';

const d = await describeWithEngine();

const KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n';
const TOKEN = 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB';

const base = engineConfig;

const lines: string[] = [];
const log = (l: string) => lines.push(l);
const found = (r: Report, rule: string) => r.findings.filter((f) => f.ruleId === rule).map((f) => `${f.location.startLine} ${f.severity} ${f.message}`);

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'cdg-it-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function context(name: string, dockerfile: string, files: Record<string, string> = {}): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'Dockerfile'), dockerfile);
  for (const [f, body] of Object.entries(files)) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), body);
  }
  return dir;
}

d('image target (engine)', () => {
  afterEach(async () => {
    expect(await labelledLeftovers()).toEqual([]);
  });

  test('BuildKit build (RUN --mount): findings on the Dockerfile lines that caused them; .dockerignore honoured', async () => {
    const dockerfile = [
      'FROM cdg-fixture/busybox:1 AS builder', // 1
      'USER root', // 2
      'RUN echo built > /out', // 3
      'FROM cdg-fixture/busybox:1', // 4
      `ENV API_TOKEN=${TOKEN}`, // 5
      'COPY deploy.key /root/.ssh/deploy', // 6
      'RUN rm /root/.ssh/deploy', // 7
      'RUN mkdir -p /usr/local/bin && cp /bin/busybox /usr/local/bin/tool && chmod 4755 /usr/local/bin/tool', // 8
      'RUN --mount=type=cache,target=/cache echo cache-mount-works > /mounted', // 9
      'COPY . /ctx/', // 10
      'COPY --from=builder /out /out', // 11
      'HEALTHCHECK NONE', // 12
      'USER 1000', // 13
      '',
    ].join('\n');
    const ctx = context('bk', dockerfile, { 'deploy.key': KEY, 'ignored/secret.pem': KEY, '.dockerignore': 'ignored\n', 'app.txt': 'hi' });
    const report = await scan(base({ dockerfiles: [join(ctx, 'Dockerfile')], build: true, context: ctx }), log);
    expect(lines.join('\n')).toMatch(/BuildKit/);
    expect(report.targets.map((t) => t.kind)).toEqual(['dockerfile', 'image']);
    // The deleted key is still in the COPY layer; `COPY . /ctx/` copied it again; ignored/secret.pem never left the context.
    expect(found(report, 'image/credential-files').sort()).toEqual([
      expect.stringMatching(/^10 critical \/ctx\/deploy.key holds a private key .*in the final filesystem/),
      expect.stringMatching(/^6 critical \/root\/.ssh\/deploy holds a private key.*removed in layer \d+, but still recoverable from layer \d+ \(COPY on line 6\)/),
    ]);
    expect(found(report, 'image/setuid-files')).toEqual([expect.stringMatching(/^8 high \/usr\/local\/bin\/tool has setuid \(mode 4755/)]);
    expect(found(report, 'image/secrets-in-config')).toEqual([expect.stringMatching(/^5 high environment variable API_TOKEN holds a GitHub token \(ghp_…\(42 chars\)\)/)]);
    expect(found(report, 'image/no-healthcheck')).toEqual([expect.stringMatching(/^12 info/)]);
    expect(found(report, 'image/root-user')).toEqual([]);
    expect(JSON.stringify(report)).not.toContain(TOKEN);
    expect(JSON.stringify(report)).not.toContain('b3BlbnNzaC1rZXkt');
  });

  test('legacy builder, root image: the unset user goes on the final FROM line; build output streams', async () => {
    const ctx = context('legacy', 'FROM cdg-fixture/busybox:1\nRUN echo legacy-output\nCMD ["sh"]\n');
    process.env.DOCKER_BUILDKIT = '0';
    try {
      lines.length = 0;
      const report = await scan(base({ dockerfiles: [join(ctx, 'Dockerfile')], build: true, context: ctx }), log);
      expect(lines.join('\n')).toMatch(/legacy builder[\s\S]*legacy-output/);
      expect(found(report, 'image/root-user')).toEqual([expect.stringMatching(/^1 medium the image sets no user/)]);
      expect(found(report, 'image/no-healthcheck')).toEqual([expect.stringMatching(/^1 low/)]);
    } finally {
      delete process.env.DOCKER_BUILDKIT;
    }
  });

  test('a failing build is exit 3 with the failing step and its line', async () => {
    const ctx = context('fail', 'FROM cdg-fixture/busybox:1\nRUN echo ok\nRUN echo failing && false\nRUN echo never\n');
    const err = await scan(base({ dockerfiles: [join(ctx, 'Dockerfile')], build: true, context: ctx }), log).catch((e) => e);
    expect(err).toBeInstanceOf(GateError);
    expect(err.exitCode).toBe(3);
    expect(err.message).toMatch(/step "RUN echo failing && false" \(.*Dockerfile:3\)/);
  });

  test('an image already in the engine, debootstrap base: base-image setuid files are low, user ones high', async () => {
    const ctx = context('deb', 'FROM cdg-fixture/debian:bookworm\nRUN cp /bin/true /usr/local/bin/suid-true && chmod 4755 /usr/local/bin/suid-true\nUSER nobody\n');
    const tag = 'cdg-it/debian-suid:1';
    sh(`DOCKER_BUILDKIT=0 docker build -q --network none -t ${tag} ${ctx}`);
    try {
      const report = await scan(base({ dockerfiles: [join(ctx, 'Dockerfile')], image: tag, pull: 'never' }), log);
      const setuid = found(report, 'image/setuid-files');
      expect(setuid).toContainEqual(expect.stringMatching(/^2 high \/usr\/local\/bin\/suid-true/));
      expect(setuid).toContainEqual(expect.stringMatching(/^1 low \/usr\/bin\/passwd has setuid/));
      expect(found(report, 'image/root-user')).toEqual([]);
      expect(found(report, 'image/empty-password')).toEqual([]);
      // a pulled-or-existing image the gate did not create is left alone
      await docker.getImage(tag).inspect();
    } finally {
      sh(`docker rmi -f ${tag} >/dev/null`);
    }
  });

  test('docker save output and an OCI layout as --image-archive, without the engine', async () => {
    const tag = 'cdg-it/archive:1';
    const ctx = context('arch', `FROM cdg-fixture/busybox:1\nENV DB_PASSWORD=hunter2hunter2\nEXPOSE 22 80\n`);
    sh(`DOCKER_BUILDKIT=0 docker build -q --network none -t ${tag} ${ctx}`);
    const saved = join(work, 'saved.tar');
    try {
      sh(`docker save ${tag} -o ${saved}`);
    } finally {
      sh(`docker rmi -f ${tag} >/dev/null`);
    }
    // OCI layout made from the docker save output: blobs named by digest, index.json, oci-layout.
    const oci = join(work, 'oci');
    const x = join(work, 'x');
    mkdirSync(x);
    sh(`tar -C ${x} -xf ${saved}`);
    const manifest = JSON.parse(sh(`cat ${x}/manifest.json`))[0];
    mkdirSync(join(oci, 'blobs', 'sha256'), { recursive: true });
    const blob = (file: string) => {
      const digest = sh(`sha256sum ${file} | cut -d' ' -f1`).trim();
      sh(`cp ${file} ${oci}/blobs/sha256/${digest}`);
      return { digest: `sha256:${digest}`, size: Number(sh(`stat -c %s ${file}`).trim()) };
    };
    const layers = manifest.Layers.map((l: string) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar', ...blob(join(x, l)) }));
    const config = { mediaType: 'application/vnd.oci.image.config.v1+json', ...blob(join(x, manifest.Config)) };
    writeFileSync(join(x, 'm.json'), JSON.stringify({ schemaVersion: 2, config, layers }));
    const m = blob(join(x, 'm.json'));
    writeFileSync(join(oci, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...m }] }));
    writeFileSync(join(oci, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
    sh(`tar -C ${oci} -cf ${work}/oci.tar .`);
    for (const archive of [saved, oci, `${work}/oci.tar`]) {
      const report = await scan(base({ imageArchive: archive }), log);
      expect(found(report, 'image/secrets-in-config')).toEqual([expect.stringMatching(/DB_PASSWORD holds a value under a secret name \(\*\*\*\*\(14 chars\)\)/)]);
      expect(found(report, 'image/ssh-port')).toHaveLength(1);
      expect(found(report, 'image/privileged-ports')).toEqual([expect.stringMatching(/^1 low .*80\/tcp/)]);
      expect(report.findings.every((f) => f.location.file === `image:${archive}`)).toBe(true);
    }
  });

  test('bad input: image not found, unreachable registry, corrupt and truncated archives', async () => {
    const notFound = await scan(base({ image: 'cdg-it/does-not-exist:1', pull: 'never' }), log).catch((e) => e);
    expect(notFound).toMatchObject({ exitCode: 2, message: expect.stringMatching(/not in the engine/) });
    const unreachable = await scan(base({ image: '127.0.0.1:1/nothing/here:1', pull: 'missing' }), log).catch((e) => e);
    expect(unreachable).toMatchObject({ exitCode: 3, message: expect.stringMatching(/pulling 127.0.0.1:1\/nothing\/here:1 failed: .*(refused|connect)/) });
    const corrupt = join(work, 'corrupt.tar');
    writeFileSync(corrupt, Buffer.alloc(4096, 7));
    await expect(scan(base({ imageArchive: corrupt }), log)).rejects.toMatchObject({ exitCode: 2 });
    sh(`docker save cdg-fixture/busybox:1 | head -c 600000 > ${work}/truncated.tar`);
    await expect(scan(base({ imageArchive: `${work}/truncated.tar` }), log)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/image-archive/) });
  });

  test('no engine: exit 3 naming where the gate looked', async () => {
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = `unix://${work}/no-such.sock`;
    try {
      await expect(scan(base({ image: 'cdg-fixture/busybox:1' }), log)).rejects.toMatchObject({ exitCode: 3, message: expect.stringContaining(`unix://${work}/no-such.sock`) });
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
  });

  test('a 2 GB sparse file streams through with bounded memory, nothing written to disk', async () => {
    const ctx = context('sparse', 'FROM cdg-fixture/busybox:1\nRUN dd if=/dev/zero of=/big bs=1 count=0 seek=2G 2>/dev/null && chmod 4755 /big\n');
    const rss0 = process.memoryUsage().rss;
    let peak = rss0;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
    try {
      const report = await scan(base({ dockerfiles: [join(ctx, 'Dockerfile')], build: true, context: ctx }), log);
      expect(found(report, 'image/setuid-files')).toEqual([expect.stringMatching(/^2 high \/big/)]);
    } finally {
      clearInterval(timer);
    }
    expect(peak - rss0).toBeLessThan(200 * 1024 * 1024);
  }, 600_000);
});
