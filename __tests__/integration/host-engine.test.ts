/**
 * The host audit against real engines: the one .ci/run starts (known flags: --bridge=none --iptables=false
 * --ip-forward=false --ip-masq=false, no daemon.json) and a second dockerd this test starts on its own socket,
 * data-root, exec-root and pidfile, with hardened settings, so the same rule passes on one and fails on the
 * other. With REQUIRE_DOCKER=1 a missing engine fails the run instead of skipping it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { loadCatalog } from '../../src/catalog/catalog.js';
import { checks } from '../../src/checks/index.js';
import { main } from '../../src/cli/main.js';
import { connectHostEngine } from '../../src/host/engine.js';
import { COMMAND_LINE_FILE } from '../../src/host/model.js';
import { auditHost } from '../../src/host/target.js';

const required = process.env.REQUIRE_DOCKER === '1';
const engineUp = await new Docker({ socketPath: '/var/run/docker.sock' })
  .ping()
  .then(() => true)
  .catch(() => false);
const dockerdInstalled = spawnSync('dockerd', ['--version']).status === 0;
const run = engineUp && dockerdInstalled ? describe : describe.skip;
const rules = loadCatalog();

if (!engineUp || !dockerdInstalled) {
  (required ? test : test.skip)('a Docker engine answers on /var/run/docker.sock and dockerd is installed (REQUIRE_DOCKER=1)', () => {
    throw new Error(`REQUIRE_DOCKER=1 but ${engineUp ? 'dockerd is not installed' : 'no engine answers on /var/run/docker.sock'}`);
  });
}

interface SecondDaemon {
  dir: string;
  socket: string;
  pid: number;
  child: ChildProcess;
  configFile: string;
}

/** dockerd on its own socket, data-root, exec-root and pidfile, networking off as for the main engine. */
async function startSecondDaemon(): Promise<SecondDaemon> {
  const dir = mkdtempSync(join(tmpdir(), 'cis-dockerd-'));
  chmodSync(dir, 0o711); // userns-remap needs o+x on the data-root's parents
  for (const d of ['data', 'exec']) mkdirSync(join(dir, d));
  const socket = join(dir, 'docker.sock');
  const configFile = join(dir, 'daemon.json');
  writeFileSync(
    configFile,
    '{\n  "live-restore": true,\n  "no-new-privileges": true,\n  "log-level": "warn",\n  "default-ulimits": {"nofile": {"Name": "nofile", "Soft": 1024, "Hard": 2048}}\n}\n',
  );
  const log = openSync(join(dir, 'dockerd.log'), 'a');
  const child = spawn(
    'dockerd',
    [
      `--host=unix://${socket}`,
      `--data-root=${join(dir, 'data')}`,
      `--exec-root=${join(dir, 'exec')}`,
      `--pidfile=${join(dir, 'docker.pid')}`,
      `--config-file=${configFile}`,
      '--bridge=none',
      '--iptables=false',
      '--ip-forward=false',
      '--ip-masq=false',
      '--userns-remap=default',
      '--userland-proxy=false',
    ],
    { stdio: ['ignore', log, log] },
  );
  closeSync(log);
  const docker = new Docker({ socketPath: socket, timeout: 2000 });
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) break;
    if (await docker.ping().then(() => true, () => false)) return { dir, socket, pid: child.pid!, child, configFile };
    await new Promise((r) => setTimeout(r, 250));
  }
  const tail = readFileSync(join(dir, 'dockerd.log'), 'utf8').split('\n').slice(-15).join('\n');
  await stopSecondDaemon({ dir, socket, pid: child.pid!, child, configFile });
  throw new Error(`the second dockerd did not start:\n${tail}`);
}

async function stopSecondDaemon(d: SecondDaemon): Promise<void> {
  if (d.child.exitCode === null && d.child.signalCode === null) {
    const exited = new Promise<void>((r) => d.child.once('exit', () => r()));
    d.child.kill('SIGTERM');
    const timer = setTimeout(() => d.child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }
  // userns-remap leaves its remapped data-root bind-mounted; unmount everything under the temp dir, deepest first.
  const mounts = readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[1])
    .filter((m) => m && (m === d.dir || m.startsWith(d.dir + '/')))
    .sort((a, b) => b.length - a.length);
  for (const m of mounts) spawnSync('umount', ['-l', m]);
  rmSync(d.dir, { recursive: true, force: true });
}

run('the host audit on real engines', () => {
  let second: SecondDaemon;
  beforeAll(async () => {
    second = await startSecondDaemon();
  }, 90_000);
  afterAll(async () => {
    if (second) await stopSecondDaemon(second);
    expect(existsSync(second.dir)).toBe(false);
  }, 60_000);

  const verdictOf = (r: Awaited<ReturnType<typeof auditHost>>, id: string) => r.verdicts.find((v) => v.id === `host/${id}`)!;

  test('both daemons run side by side, each found by its own socket', async () => {
    const main1 = await auditHost({ connection: await connectHostEngine({}) }, rules, checks, { profile: 'all' });
    const main2 = await auditHost({ connection: await connectHostEngine({ DOCKER_HOST: `unix://${second.socket}` }) }, rules, checks, { profile: 'all' });
    expect(main1.facts.daemon?.commandLine).toEqual(expect.arrayContaining(['--iptables=false']));
    expect(main2.facts.daemon?.pid).toBe(Number(readFileSync(join(second.dir, 'docker.pid'), 'utf8')));
    expect(main1.facts.daemon?.pid).not.toBe(main2.facts.daemon?.pid);
    expect(main2.facts.daemonJson).toMatchObject({ path: second.configFile, text: expect.stringContaining('live-restore') });
  });

  test('the same rules pass on one engine and fail on the other, located on the flag or daemon.json line', async () => {
    const first = await auditHost({ connection: await connectHostEngine({}) }, rules, checks, { profile: 'all' });
    const hard = await auditHost({ connection: await connectHostEngine({ DOCKER_HOST: `unix://${second.socket}` }) }, rules, checks, { profile: 'all' });
    // The main engine is the one .ci/run starts: no daemon.json, known flags.
    expect(first.facts.daemonJson?.text).toBeUndefined();

    for (const id of ['userns-remap', 'live-restore', 'no-new-privileges-default', 'default-ulimits', 'userland-proxy']) {
      expect([id, verdictOf(first, id).status]).toEqual([id, 'fail']);
      expect([id, verdictOf(hard, id).status]).toEqual([id, 'pass']);
    }
    expect(verdictOf(first, 'log-level').status).toBe('pass');
    expect(hard.findings.filter((f) => f.ruleId === 'host/log-level')).toEqual([
      expect.objectContaining({ location: expect.objectContaining({ file: second.configFile, startLine: 4 }), message: expect.stringContaining('"warn"') }),
    ]);
    // A flag is located at its column in the command line.
    const argv = first.facts.daemon!.commandLine;
    const iptables = first.findings.find((f) => f.ruleId === 'host/iptables-disabled')!;
    expect(iptables.location).toMatchObject({ file: COMMAND_LINE_FILE, startLine: 1, startColumn: argv.join(' ').indexOf('--iptables=false') + 1 });
    // Engine-derived rules judge the engine's own answers on both.
    for (const r of [first, hard]) {
      expect(verdictOf(r, 'seccomp-profile').status).toBe('pass');
      expect(verdictOf(r, 'icc-default-bridge').status).toBe('pass'); // --bridge=none: no default bridge
      expect(verdictOf(r, 'tcp-without-tls').status).toBe('pass');
      expect(verdictOf(r, 'insecure-registries').status).toBe('pass');
      expect(verdictOf(r, 'docker-sock-mode').status).toBe('pass');
      expect(verdictOf(r, 'daemon-json-parse-error').status).toBe('pass');
    }
    expect(hard.facts.files!.find((f) => f.path === second.socket)).toMatchObject({ exists: true, type: 'socket' });
    expect(verdictOf(first, 'daemon-json-mode')).toMatchObject({ status: 'skip', reason: 'not found: /etc/docker/daemon.json' });
    expect(verdictOf(hard, 'daemon-json-mode').status).toBe('pass');
  });

  test('scan --host-audit: the results flow through the same report and threshold', async () => {
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = `unix://${second.socket}`;
    try {
      let out = '';
      const sink = { write: (s: string) => (out += s) };
      const code = await main(['scan', '--host-audit', '--format', 'json', '--profile', 'all'], sink, { write: () => true });
      const report = JSON.parse(out);
      expect(report.targets).toEqual([{ kind: 'host', name: `unix://${second.socket}` }]);
      expect(report.rules.filter((r: { target: string }) => r.target === 'host').length).toBe(rules.filter((r) => r.target === 'host').length);
      expect(code).toBe(report.passed ? 0 : 1);
      const strict = await main(['scan', '--host-audit', '--fail-on', 'low'], { write: () => true }, { write: () => true });
      expect(strict).toBe(1); // --iptables=false is a medium finding on this engine too
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
  });

  test('an engine that does not answer is an engine error (exit 3)', async () => {
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = `unix://${join(second.dir, 'nothing-here.sock')}`;
    try {
      let err = '';
      const code2 = await main(['scan', '--host-audit'], { write: () => true }, { write: (s: string) => (err += s) });
      expect(code2).toBe(3);
      expect(err).toMatch(/no Docker engine answered at unix:\/\/.*nothing-here\.sock/);
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
  });
});
