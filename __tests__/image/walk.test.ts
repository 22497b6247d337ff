/** The streamed layer walk, on archives generated in memory: formats, whiteouts, facts, bad input. No engine. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createRequire } from 'node:module';

// tar-stream's header codec (not in its exports map): one 512-byte header per entry, for a generated stream.
const headers = createRequire(join(process.cwd(), 'package.json'))(join(process.cwd(), 'node_modules/tar-stream/headers.js')) as { encode(h: Record<string, unknown>): Buffer };
import { ImageArchiveError, readImageArchive, readImageTar } from '../../src/image/walk.js';
import { dockerSaveTar, layerTar, ociLayoutFiles, ociTar, stream, writeOciDir, type TestImage } from './archive-helpers.js';

const KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n';

async function sample(): Promise<TestImage> {
  return {
    config: { User: '0:0', Env: ['PATH=/bin'], ExposedPorts: { '22/tcp': {} } },
    layers: [
      await layerTar([
        { name: 'etc/', type: 'directory' },
        { name: 'etc/passwd', content: 'root:x:0:0:root:/root:/bin/sh\ntoor:x:0:0::/root:/bin/sh\n' },
        { name: 'usr/bin/passwd', mode: 0o4755, content: 'elf' },
        { name: 'opt/data/old.txt', content: 'x' },
        { name: 'tmp/', type: 'directory', mode: 0o1777 },
      ]),
      await layerTar([
        { name: 'root/.ssh/id_rsa', mode: 0o600, content: KEY },
        { name: 'app/.git/HEAD', content: 'ref: refs/heads/main\n' },
        { name: 'app/config.yml', mode: 0o666, content: 'a: 1' },
        { name: 'usr/bin/passwd', mode: 0o755, content: 'elf' },
      ]),
      await layerTar([
        { name: 'root/.ssh/.wh.id_rsa', content: '' },
        { name: 'opt/data/.wh..wh..opq', content: '' },
        { name: 'opt/data/new.txt', content: 'y' },
        { name: 'usr/local/bin/tool', mode: 0o6755, content: 'elf' },
      ]),
    ],
  };
}

describe('readImageTar', () => {
  test('docker save: layers out of order, whiteouts, opaque dirs, facts with layers', async () => {
    const img = await readImageTar(stream(await dockerSaveTar(await sample())), { name: 't' });
    expect(img.layers.map((l) => l.index)).toEqual([1, 2, 3]);
    expect(img.config.User).toBe('0:0');
    expect(img.config.ExposedPorts).toEqual(['22/tcp']);
    const facts = img.files.map((f) => `${f.kind} ${f.path} L${f.layer}${f.removedIn ? ` -${f.removedIn}` : ''}`).sort();
    expect(facts).toEqual(
      [
        'setuid /usr/bin/passwd L1 -2',
        'credential /root/.ssh/id_rsa L2 -3',
        'build-leftover /app/.git L2',
        'world-writable /app/config.yml L2',
        'world-writable /tmp L1',
        'setuid /usr/local/bin/tool L3',
        'setgid /usr/local/bin/tool L3',
      ].sort(),
    );
    expect(img.accounts.passwd?.entries.map((e) => e.id)).toEqual([0, 0]);
  });

  test('path globs: matching entries of every layer, kept only when in the final filesystem; absent without globs', async () => {
    const globs = ['/root/.ssh/*', '/opt/data/**', '/usr/**/passwd', '/nothing'];
    const img = await readImageTar(stream(await dockerSaveTar(await sample())), { name: 't', pathGlobs: globs });
    const shown = Object.fromEntries(Object.entries(img.paths!.matches).map(([g, ms]) => [g, ms.map((m) => `${m.path} L${m.addedIn}-${m.layer}`)]));
    // id_rsa and old.txt were deleted by layer 3; passwd was written again by layer 2 (added in 1)
    expect(shown).toEqual({ '/root/.ssh/*': [], '/opt/data/**': ['/opt/data/new.txt L3-3'], '/usr/**/passwd': ['/usr/bin/passwd L1-2'], '/nothing': [] });
    expect(img.paths!.globs).toEqual(globs);
    expect(img.paths!.dropped).toEqual({ '/root/.ssh/*': 0, '/opt/data/**': 0, '/usr/**/passwd': 0, '/nothing': 0 });
    expect((await readImageTar(stream(await dockerSaveTar(await sample())), { name: 't' })).paths).toBeUndefined();
  });

  test('OCI layout: directory and tar, gzip and plain layers', async () => {
    const s = await sample();
    const dir = mkdtempSync(join(tmpdir(), 'cdg-oci-'));
    try {
      writeOciDir(dir, ociLayoutFiles(s, true));
      const fromDir = await readImageArchive(dir, { name: 'oci' });
      const fromTar = await readImageTar(stream(await ociTar(ociLayoutFiles(s, false))), { name: 'oci' });
      const gzTar = join(dir, 'image.tar');
      writeFileSync(gzTar, await ociTar(ociLayoutFiles(s, true)));
      const fromGzTar = await readImageArchive(gzTar, { name: 'oci' });
      for (const img of [fromDir, fromTar, fromGzTar]) {
        expect(img.layers).toHaveLength(3);
        expect(img.files.find((f) => f.kind === 'credential')).toMatchObject({ path: '/root/.ssh/id_rsa', layer: 2, removedIn: 3 });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('entries with .. or absolute names become unsafe-path facts, nothing is written', async () => {
    const layer = await layerTar([
      { name: '../../etc/cron.d/evil', content: 'x' },
      { name: '/usr/bin/abs', content: 'x' },
      { name: 'ok/file', content: 'x' },
    ]);
    const img = await readImageTar(stream(await dockerSaveTar({ layers: [layer] })), { name: 't' });
    expect(img.files.filter((f) => f.kind === 'unsafe-path').map((f) => f.path)).toEqual(['../../etc/cron.d/evil', '/usr/bin/abs']);
  });

  test('a truncated archive is a clear error', async () => {
    const whole = await dockerSaveTar(await sample());
    await expect(readImageTar(stream(whole.subarray(0, Math.floor(whole.length / 2))), { name: 't' })).rejects.toThrow(ImageArchiveError);
    await expect(readImageTar(stream(whole.subarray(0, Math.floor(whole.length / 2))), { name: 't' })).rejects.toThrow(/truncated|missing|manifest/);
  });

  test('random bytes, an empty file and a plain tar are clear errors', async () => {
    await expect(readImageTar(stream(Buffer.from('not a tar at all'.repeat(100))), { name: 't' })).rejects.toThrow(ImageArchiveError);
    await expect(readImageTar(stream(await layerTar([{ name: 'hello.txt', content: 'hi' }])), { name: 't' })).rejects.toThrow(/no manifest.json or index.json/);
    const dir = mkdtempSync(join(tmpdir(), 'cdg-empty-'));
    try {
      writeFileSync(join(dir, 'empty.tar'), '');
      await expect(readImageArchive(join(dir, 'empty.tar'), { name: 't' })).rejects.toThrow(/empty/);
      await expect(readImageArchive(join(dir, 'missing.tar'), { name: 't' })).rejects.toThrow(/cannot read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a layer listed in the manifest but absent is named', async () => {
    const files = ociLayoutFiles(await sample(), true);
    const layerKey = [...files.keys()].find((k) => k.startsWith('blobs/') && files.get(k)![0] === 0x1f)!;
    files.delete(layerKey);
    await expect(readImageTar(stream(await ociTar(files)), { name: 't' })).rejects.toThrow(/missing from the archive/);
  });

  test('a million tiny files stream through with bounded memory', async () => {
    const N = Number(process.env.CDG_TINY_FILES ?? 1_000_000);
    // A single-layer docker save whose layer is generated while it is read: never whole in memory.
    const layerSize = 1024 * N + 1024; // per entry one header and one data block, then two end blocks
    const header = (name: string, size: number) => headers.encode({ name, size, mode: 0o644, type: 'file', mtime: new Date(0), uid: 0, gid: 0 }) as Buffer;
    const source = Readable.from(
      (async function* () {
        yield header('abc/layer.tar', layerSize);
        const block = Buffer.alloc(512);
        block.write('x');
        let written = 0;
        for (let i = 0; i < N; i++) {
          const h = headers.encode({ name: `d${i % 1000}/f${i}`, size: 1, mode: i === 7 ? 0o4755 : 0o644, type: 'file', mtime: new Date(0), uid: 0, gid: 0 }) as Buffer;
          yield Buffer.concat([h, block]);
          written += 1024;
        }
        yield Buffer.alloc(layerSize - written);
        const cfg = Buffer.from(JSON.stringify({ config: {}, rootfs: { diff_ids: ['sha256:' + '1'.repeat(64)] }, history: [{ created_by: 'RUN x' }] }));
        const manifest = Buffer.from(JSON.stringify([{ Config: `${'a'.repeat(64)}.json`, RepoTags: ['t:1'], Layers: ['abc/layer.tar'] }]));
        for (const [name, body] of [[`${'a'.repeat(64)}.json`, cfg], ['manifest.json', manifest]] as const) {
          yield header(name, body.length);
          yield Buffer.concat([body, Buffer.alloc((512 - (body.length % 512)) % 512)]);
        }
        yield Buffer.alloc(1024);
      })(),
    );
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const img = await readImageTar(source, { name: 'many' });
    clearInterval(timer);
    expect(img.files.filter((f) => f.kind === 'setuid').map((f) => f.path)).toEqual(['/d7/f7']);
    expect(peak - before).toBeLessThan(150 * 1024 * 1024);
  }, 300_000);
});
