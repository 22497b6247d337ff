/**
 * The runtime target against the real engine: the image run once in the sandbox (processes, sockets, health,
 * exit), declared profiles judged on their lines, what the sandbox withheld, the hardening trial, and nothing
 * left behind in any case.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../src/config/config.js';
import { scan } from '../../src/gate/scan.js';
import type { Report } from '../../src/report/report.js';
import { GateError } from '../../src/types.js';
import { ensureFixtures, type Fixture } from '../runtime/fixtures.js';
import { RUN_LABEL } from '../../src/runtime/sandbox.js';
import { describeWithEngine, docker, engineConfig, sh } from './engine.js';

const d = await describeWithEngine();

let images: Record<Fixture, string>;
let work: string;
const lines: string[] = [];
const log = (l: string) => lines.push(l);

const base = (over: Partial<Config>): Config => engineConfig({ pull: 'never', runtime: true, ...over });

const verdict = (r: Report, id: string) => r.rules.find((v) => v.id === id && v.target === 'runtime');
const found = (r: Report, id: string) => r.findings.filter((f) => f.ruleId === id).map((f) => `${f.location.file}:${f.location.startLine} ${f.severity} ${f.message}`);

function compose(name: string, text: string): string {
  const file = join(work, `${name}.yml`);
  writeFileSync(file, text);
  return file;
}

d('runtime target (engine)', () => {
  beforeAll(() => {
    images = ensureFixtures();
    work = mkdtempSync(join(tmpdir(), 'cdg-rt-it-'));
  }, 180_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  // Every sandbox container carries the run label. Other suites (and other checkouts) may run gate scans on the
  // same engine at the same time, so this suite checks its own containers and, below, the image it builds.
  afterEach(async () => {
    expect(await docker.listContainers({ all: true, filters: { label: [RUN_LABEL] } })).toEqual([]);
  });

  test('an image that runs as root: every process is root (4.1), read through top', async () => {
    const r = await scan(base({ image: images.root }), log);
    expect(r.targets.map((t) => t.kind)).toEqual(['image', 'runtime']);
    expect(verdict(r, 'runtime/root-process')?.status).toBe('fail');
    expect(found(r, 'runtime/root-process')).toEqual([`image:${images.root}:1 high every process runs as root (uid 0): sleep`]);
    expect(verdict(r, 'runtime/exits-at-start')?.status).toBe('pass');
    // No profile declared: the declared-settings rules say so.
    expect(verdict(r, 'runtime/privileged')).toMatchObject({ status: 'skip', reason: 'no runtime profile declared' });
  });

  test('an image that runs as a user: no root process; nothing listens, nothing is exposed', async () => {
    const r = await scan(base({ image: images.user }), log);
    expect(verdict(r, 'runtime/root-process')?.status).toBe('pass');
    expect(verdict(r, 'runtime/ssh-daemon')?.status).toBe('pass');
    expect(verdict(r, 'runtime/unexposed-listening-port')?.status).toBe('pass');
    expect(await docker.listImages({ all: true, filters: { label: ['cdg-test=runtime-build'] } } as Parameters<typeof docker.listImages>[0])).toEqual([]);
  });

  test('an sshd-like daemon (a script named sshd) is found in the process list (5.7)', async () => {
    const r = await scan(base({ image: images.sshd }), log);
    expect(found(r, 'runtime/ssh-daemon')).toEqual([`image:${images.sshd}:1 high sshd is running in the container (/bin/sh /usr/sbin/sshd)`]);
  });

  test('listening on a port that is not exposed (5.9); the exposed port nobody listens on is info; loopback is not counted', async () => {
    const r = await scan(base({ image: images.listen }), log);
    expect(found(r, 'runtime/unexposed-listening-port').sort()).toEqual([
      expect.stringMatching(/:1 info 8080\/tcp is exposed, but nothing listened on it/),
      expect.stringMatching(/:1 medium the container listens on 9090\/tcp \((::|0\.0\.0\.0)\), which is not exposed/),
    ]);
  });

  test('health (5.27): unhealthy fails, healthy passes, no healthcheck fails, still starting at the timeout is a skip', async () => {
    const bad = await scan(base({ image: images.unhealthy }), log);
    expect(found(bad, 'runtime/unhealthy')).toEqual([expect.stringMatching(/medium the container turned unhealthy after \d+ s/)]);
    const good = await scan(base({ image: images.healthy }), log);
    expect(verdict(good, 'runtime/unhealthy')?.status).toBe('pass');
    const none = await scan(base({ image: images.user }), log);
    expect(found(none, 'runtime/unhealthy')).toEqual([expect.stringMatching(/no healthcheck: neither the image nor the declared profile defines one/)]);
    const t0 = Date.now();
    const slow = await scan(base({ image: images.slow, runtimeTimeout: 3 }), log);
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(verdict(slow, 'runtime/unhealthy')).toMatchObject({ status: 'skip', reason: expect.stringMatching(/^still "starting" after 3 s \(the runtime timeout\): no verdict/) });
  });

  test('a container that exits at once: its exit code and last log lines; the probes skip, never pass', async () => {
    const r = await scan(base({ image: images.exit }), log);
    expect(found(r, 'runtime/exits-at-start')).toEqual([
      expect.stringMatching(/medium the container exited with code 3, \d+\.\d s after it started \(command: sh -c .*\); last log lines: starting ⏎ fatal: APP_CONFIG is not set$/),
    ]);
    for (const id of ['runtime/root-process', 'runtime/ssh-daemon', 'runtime/unexposed-listening-port']) {
      expect(verdict(r, id)).toMatchObject({ status: 'skip', reason: expect.stringMatching(/the container exited \(code 3\) before it could be probed/) });
    }
  });

  test('an image without a shell: processes are read (top needs nothing in the image), sockets are a skip with the reason', async () => {
    const r = await scan(base({ image: images.noshell }), log);
    expect(verdict(r, 'runtime/root-process')?.status).toBe('pass');
    expect(verdict(r, 'runtime/unexposed-listening-port')).toMatchObject({ status: 'skip', reason: expect.stringMatching(/neither cat nor a shell/) });
  });

  test('--runtime-command replaces the CMD; an image with no command at all did not start', async () => {
    const r = await scan(base({ image: images.root, runtimeCommand: ['sh', '-c', 'exit 7'] }), log);
    expect(found(r, 'runtime/exits-at-start')).toEqual([expect.stringMatching(/exited with code 7/)]);
    const none = await scan(base({ image: 'cdg-fixture/busybox:1' }), log);
    expect(found(none, 'runtime/exits-at-start')).toEqual([expect.stringMatching(/medium the container did not start: No command specified$/)]);
    expect(verdict(none, 'runtime/root-process')).toMatchObject({ status: 'skip', reason: expect.stringMatching(/^the container did not start/) });
    const user = await scan(base({ image: images.root, runOptions: ['--user=nobody-here'] }), log);
    expect(found(user, 'runtime/exits-at-start')).toEqual([expect.stringMatching(/did not start: .*nobody-here/)]);
  });

  test('a container that ignores SIGTERM is killed, not waited for', async () => {
    const t0 = Date.now();
    const r = await scan(base({ image: images.stubborn }), log);
    expect(verdict(r, 'runtime/exits-at-start')?.status).toBe('pass');
    expect(Date.now() - t0).toBeLessThan(8_000);
  });

  test('a compose file with every bad setting: each rule on its line; the dangerous ones withheld, and the sandbox still ran', async () => {
    const file = compose(
      'bad',
      [
        'services:', // 1
        '  app:', // 2
        '    privileged: true', // 3
        '    user: root', // 4
        '    cap_add: [SYS_ADMIN]', // 5
        '    security_opt:', // 6
        '      - apparmor=unconfined', // 7
        '      - seccomp=unconfined', // 8
        '      - label=disable', // 9
        '      - no-new-privileges:false', // 10
        '    network_mode: host', // 11
        '    pid: host', // 12
        '    ipc: host', // 13
        '    uts: host', // 14
        '    userns_mode: host', // 15
        '    devices: [/dev/null]', // 16
        '    volumes:', // 17
        '      - /etc:/host-etc', // 18
        '      - /var/run/docker.sock:/var/run/docker.sock', // 19
        '      - /mnt:/mnt:rshared', // 20
        '    ports:', // 21
        '      - "80:8080"', // 22
        '    read_only: false', // 23
        '    restart: always', // 24
        '    ulimits: {nofile: 1024}', // 25
        '    mem_limit: 0', // 26
        '    pids_limit: -1', // 27
        '',
      ].join('\n'),
    );
    const r = await scan(base({ image: images.user, composeFile: file }), log);
    const at = (id: string) => r.findings.filter((f) => f.ruleId === id).map((f) => f.location.startLine);
    expect({
      privileged: at('runtime/privileged'),
      caps: at('runtime/capabilities-added'),
      capsNotDropped: at('runtime/capabilities-not-dropped'),
      apparmor: at('runtime/apparmor-disabled'),
      seccomp: at('runtime/seccomp-unconfined'),
      selinux: at('runtime/selinux-disabled'),
      nnp: at('runtime/no-new-privileges'),
      network: at('runtime/host-network'),
      pid: at('runtime/host-pid'),
      ipc: at('runtime/host-ipc'),
      uts: at('runtime/host-uts'),
      userns: at('runtime/host-userns'),
      devices: at('runtime/host-devices'),
      sensitive: at('runtime/sensitive-host-mount'),
      socket: at('runtime/docker-socket-mount'),
      propagation: at('runtime/shared-mount-propagation'),
      privPort: at('runtime/privileged-host-port'),
      allIf: at('runtime/ports-all-interfaces'),
      readOnly: at('runtime/writable-root-filesystem'),
      restart: at('runtime/restart-policy'),
      ulimit: at('runtime/ulimit-override'),
      memory: at('runtime/no-memory-limit'),
      cpu: at('runtime/no-cpu-limit'),
      pids: at('runtime/no-pids-limit'),
      root: at('runtime/root-process'),
    }).toEqual({
      privileged: [3],
      caps: [5],
      capsNotDropped: [2],
      apparmor: [7],
      seccomp: [8],
      selinux: [9],
      nnp: [10],
      network: [11],
      pid: [12],
      ipc: [13],
      uts: [14],
      userns: [15],
      devices: [16],
      sensitive: [18],
      socket: [19],
      propagation: [20],
      privPort: [22],
      allIf: [22],
      readOnly: [23],
      restart: [24],
      ulimit: [25],
      memory: [26],
      cpu: [2],
      pids: [27],
      // user: root was granted (it is not dangerous to the runner), and the probe saw it: on its line.
      root: [4],
    });
    expect(r.findings.every((f) => f.target !== 'runtime' || f.location.file === file || f.location.file.startsWith('image:'))).toBe(true);
    // Privileged could not even start here: the sandbox ran, so it was not granted; the withheld list says what was not.
    expect(verdict(r, 'runtime/exits-at-start')?.status).toBe('pass');
    expect(r.withheld?.map((w) => w.setting)).toEqual([
      'cap_add: [SYS_ADMIN]',
      'security_opt: apparmor=unconfined',
      'security_opt: seccomp=unconfined',
      'security_opt: label=disable',
      'privileged: true',
      'network_mode: host',
      'pid: host',
      'uts: host',
      'userns_mode: host',
      'ipc: host',
      'volumes: /etc:/host-etc',
      'volumes: /var/run/docker.sock:/var/run/docker.sock',
      'volumes: /mnt:/mnt:rshared',
      'devices: [/dev/null]',
      'ports: "80:8080"',
      'restart: always',
    ]);
  });

  test('a hardened compose service: every declared-settings rule passes, and the image runs that way', async () => {
    const file = compose(
      'hardened',
      [
        'services:',
        '  app:',
        '    user: "10001"',
        '    read_only: true',
        '    tmpfs: [/tmp]',
        '    cap_drop: [ALL]',
        '    security_opt: ["no-new-privileges:true"]',
        '    mem_limit: 256m',
        '    cpus: 0.5',
        '    pids_limit: 64',
        '    restart: "on-failure:5"',
        '    ports: ["127.0.0.1:8080:8080"]',
        '    healthcheck:',
        '      test: ["CMD", "test", "-e", "/tmp/ready"]',
        '      interval: 1s',
        '',
      ].join('\n'),
    );
    const r = await scan(base({ image: images.healthy, composeFile: file }), log);
    const failing = r.rules.filter((v) => v.target === 'runtime' && v.status !== 'pass').map((v) => `${v.id} ${v.status} ${v.reason ?? ''}`);
    // Only 5.9: the published container port 8080 is declared, but nothing listens on it.
    expect(failing).toEqual(['runtime/unexposed-listening-port fail ']);
    expect(r.withheld).toEqual([
      { setting: 'ports: ["127.0.0.1:8080:8080"]', reason: 'ports are not published from the sandbox' },
      { setting: 'restart: "on-failure:5"', reason: 'the sandbox never restarts the container: an exit is reported instead' },
    ]);
  });

  test('the hardening trial: an image that runs read-only gets proven settings; one that writes to its root does not', async () => {
    const ok = await scan(base({ image: images.healthy, hardeningTrial: true }), log);
    expect(ok.hardeningTrial).toMatchObject({ succeeded: true, detail: expect.stringMatching(/^It started, stayed up and turned healthy in \d+\.\d s\.$/) });
    expect(ok.hardeningTrial?.compose).toMatch(/^services:\n {2}app:\n {4}user: "10001"\n {4}read_only: true\n/);
    expect(ok.hardeningTrial?.runOptions).toEqual(['--user=10001', '--read-only', '--tmpfs=/tmp', '--cap-drop=ALL', '--security-opt=no-new-privileges', '--memory=512m', '--cpus=1', '--pids-limit=200']);
    const bad = await scan(base({ image: images.writes, hardeningTrial: true }), log);
    expect(verdict(bad, 'runtime/exits-at-start')?.status).toBe('pass'); // it runs fine with a writable root
    expect(bad.hardeningTrial).toMatchObject({ succeeded: false, detail: expect.stringMatching(/^It exited with code \d+ after \d+\.\d s\. Last log lines: .*Read-only file system/) });
  });

  test('a built image: runtime findings on the Dockerfile lines; the built image is removed afterwards', async () => {
    const ctx = join(work, 'build');
    mkdirSync(ctx, { recursive: true });
    writeFileSync(join(ctx, 'Dockerfile'), [`FROM ${images.root}`, 'EXPOSE 8080', 'USER 0', 'CMD ["sh", "-c", "httpd -p 8080 && exec sleep 60"]', 'LABEL cdg-test=runtime-build', ''].join('\n'));
    const dockerfile = join(ctx, 'Dockerfile');
    const r = await scan(base({ dockerfiles: [dockerfile], build: true, context: ctx }), log);
    expect(found(r, 'runtime/root-process')).toEqual([`${dockerfile}:3 high every process runs as root (uid 0): sleep, httpd`]);
    expect(r.targets.find((t) => t.kind === 'runtime')).toMatchObject({ anchor: { file: dockerfile, startLine: 1 } });
    expect(verdict(r, 'runtime/unexposed-listening-port')?.status).toBe('pass');
  });

  test('without an engine image the probes say why; a declared profile is still judged', async () => {
    const file = compose('only', 'services:\n  app:\n    privileged: true\n');
    const r = await scan(base({ composeFile: file }), log);
    expect(r.targets).toEqual([{ kind: 'runtime', name: `runtime:${file}#app`, anchor: expect.objectContaining({ file, startLine: 2 }) }]);
    expect(found(r, 'runtime/privileged')).toEqual([`${file}:3 critical privileged: true: the container runs privileged, with full access to the host`]);
    expect(verdict(r, 'runtime/root-process')).toMatchObject({ status: 'skip', reason: 'no image to run: give --image or --build (Action inputs image or build)' });
    const archive = join(work, 'user.tar');
    sh(`docker save -o ${archive} ${images.user}`);
    // An archive alone is not run (it is not in an engine); with a declared profile, the probes say why.
    expect((await scan(base({ imageArchive: archive }), log)).targets.map((t) => t.kind)).toEqual(['image']);
    const a = await scan(base({ imageArchive: archive, composeFile: file }), log);
    expect(verdict(a, 'runtime/root-process')).toMatchObject({ status: 'skip', reason: expect.stringMatching(/read from an archive/) });
    const off = await scan(base({ image: images.root, runtime: false }), log);
    expect(off.targets.map((t) => t.kind)).toEqual(['image']);
  });

  test('bad input: a network the sandbox refuses, a trial without an image; nothing is started', async () => {
    await expect(scan(base({ image: images.user, runtimeNetwork: 'host' }), log)).rejects.toThrow(new GateError('--runtime-network host: refused: the host network would give the container the host\'s network stack', 2));
    await expect(scan(base({ image: images.user, runtimeNetwork: 'no-such-net' }), log)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/^--runtime-network no-such-net: no such network in the engine at /) });
    const file = compose('trial', 'services:\n  app: {}\n');
    await expect(scan(base({ composeFile: file, hardeningTrial: true }), log)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/^--hardening-trial needs the image in an engine/) });
  });
});
