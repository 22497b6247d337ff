/** The sandbox never grants what it withholds, whatever the profile declares. */
import fc from 'fast-check';
import { GATE_LABEL } from '../../src/docker/session.js';
import { emptyConfig } from '../../src/image/model.js';
import { composeProfile } from '../../src/runtime/compose.js';
import { DEFAULT_CAPABILITIES } from '../../src/runtime/model.js';
import { runOptionsProfile } from '../../src/runtime/run-options.js';
import { DEFAULT_LIMITS, forbiddenNetwork, sandboxSpec, type SandboxRequest } from '../../src/runtime/sandbox.js';

const request = (over: Partial<SandboxRequest> = {}): SandboxRequest => ({
  image: 'sha256:' + 'a'.repeat(64),
  config: { ...emptyConfig(), Cmd: ['/app'] },
  network: 'none',
  limits: DEFAULT_LIMITS,
  labels: { 'org.cis-docker-gate.run': 'r1' },
  ...over,
});

const DANGEROUS = [
  '--privileged',
  '--network=host',
  '--pid=host',
  '--ipc=host',
  '--uts=host',
  '--userns=host',
  '--cap-add=ALL',
  '--cap-add=SYS_ADMIN',
  '--cap-add=NET_ADMIN',
  '--security-opt=seccomp=unconfined',
  '--security-opt=apparmor=unconfined',
  '--security-opt=label=disable',
  '--security-opt=systempaths=unconfined',
  '--device=/dev/sda',
  '-v=/var/run/docker.sock:/var/run/docker.sock',
  '-v=/:/host',
  '--mount=type=bind,source=/etc,target=/etc2',
  '-p=80:80',
  '-P',
  '--restart=always',
  '--memory=64g',
  '--memory=0',
  '--pids-limit=-1',
  '--pids-limit=100000',
  '--cpus=64',
  '--volumes-from=other',
];
const BENIGN = ['--read-only', '--cap-drop=ALL', '--cap-add=NET_BIND_SERVICE', '--security-opt=no-new-privileges', '--user=10001', '--tmpfs=/tmp', '-v=data:/data', '--memory=256m', '--ulimit=nofile=1024'];

test('property: for any mix of declared settings, nothing dangerous reaches the engine', () => {
  fc.assert(
    fc.property(fc.subarray([...DANGEROUS, ...BENIGN]), fc.constantFrom('none', 'ci-net'), fc.boolean(), (options, network, harden) => {
      const profile = runOptionsProfile(options);
      const { create, withheld } = sandboxSpec(request({ profile, network, ...(harden ? { harden: { user: '10001' } } : {}) }));
      const h = create.HostConfig!;
      expect(h.Privileged).toBe(false);
      expect(h.NetworkMode).toBe(network);
      expect(h.PidMode).toBeUndefined();
      expect(h.UTSMode).toBeUndefined();
      expect(h.UsernsMode).toBeUndefined();
      expect(['private', 'shareable', 'none', undefined]).toContain(h.IpcMode);
      expect(h.Binds).toBeUndefined();
      expect(h.Mounts).toBeUndefined();
      expect(h.Devices).toBeUndefined();
      expect(h.PortBindings).toBeUndefined();
      expect(h.PublishAllPorts).toBe(false);
      expect(h.VolumesFrom).toBeUndefined();
      for (const c of h.CapAdd ?? []) expect(DEFAULT_CAPABILITIES).toContain(c);
      for (const o of h.SecurityOpt ?? []) expect(o).toBe('no-new-privileges');
      expect(h.Memory).toBeGreaterThan(0);
      expect(h.Memory).toBeLessThanOrEqual(DEFAULT_LIMITS.memoryBytes);
      expect(h.MemorySwap).toBe(h.Memory);
      expect(h.NanoCpus).toBeGreaterThan(0);
      expect(h.NanoCpus).toBeLessThanOrEqual(DEFAULT_LIMITS.nanoCpus);
      expect(h.PidsLimit).toBeGreaterThan(0);
      expect(h.PidsLimit).toBeLessThanOrEqual(DEFAULT_LIMITS.pids);
      expect(h.RestartPolicy).toEqual({ Name: 'no', MaximumRetryCount: 0 });
      expect(create.Labels?.[GATE_LABEL]).toBe('true');
      // Everything dangerous that was declared is listed as withheld.
      const held = withheld.map((w) => w.setting).join('\n');
      // (Resource limits are lowered, not withheld, and a later option may override an earlier one.)
      for (const o of options.filter((x) => DANGEROUS.includes(x) && !/^--(memory|pids-limit|cpus)=/.test(x))) {
        expect(held).toContain(o.replace(/^(-\w)=/, '$1 ').replace(/^(-v|-p)=/, '$1 '));
      }
      if (harden) {
        expect(h.ReadonlyRootfs).toBe(true);
        expect(h.CapDrop).toEqual(['ALL']);
        expect(h.SecurityOpt).toEqual(['no-new-privileges']);
        expect(create.User).toBe('10001');
        expect(Object.keys(h.Tmpfs ?? {})).toContain('/tmp');
      }
    }),
    { numRuns: 300 },
  );
});

test('what is granted: user, read-only, dropped and default capabilities, no-new-privileges, tmpfs, lower limits, ulimits', () => {
  const profile = composeProfile(
    [
      'services:',
      '  app:',
      '    user: "10001"',
      '    read_only: true',
      '    cap_drop: [ALL]',
      '    cap_add: [NET_BIND_SERVICE, SYS_ADMIN]',
      '    security_opt: [no-new-privileges:true, seccomp:unconfined]',
      '    tmpfs: [/run]',
      '    volumes: [cache:/cache, /srv:/srv]',
      '    mem_limit: 128m',
      '    cpus: 0.5',
      '    pids_limit: 50',
      '    ulimits: {nofile: 1024}',
      '    environment: {MODE: test}',
      '    command: ["serve", "--port", "8080"]',
      '',
    ].join('\n'),
    'compose.yml',
  );
  const { create, withheld } = sandboxSpec(request({ profile }));
  expect(create).toMatchObject({
    User: '10001',
    Cmd: ['serve', '--port', '8080'],
    Env: ['MODE=test'],
    Volumes: { '/cache': {} },
    HostConfig: {
      ReadonlyRootfs: true,
      CapDrop: ['ALL'],
      CapAdd: ['NET_BIND_SERVICE'],
      SecurityOpt: ['no-new-privileges'],
      Tmpfs: { '/run': '' },
      Memory: 128 * 1024 ** 2,
      NanoCpus: 5e8,
      PidsLimit: 50,
      Ulimits: [{ Name: 'nofile', Soft: 1024, Hard: 1024 }],
    },
  });
  expect(withheld).toEqual([
    { setting: 'cap_add: [NET_BIND_SERVICE, SYS_ADMIN]', reason: "SYS_ADMIN is not in Docker's default set: judged from the declaration, not granted" },
    { setting: 'security_opt: [no-new-privileges:true, seccomp:unconfined]', reason: 'security options other than no-new-privileges are not applied (seccomp would relax the confinement)' },
    { setting: 'volumes: [cache:/cache, /srv:/srv]', reason: 'the named volume is replaced by an empty, throw-away volume on /cache' },
    { setting: 'volumes: [cache:/cache, /srv:/srv]', reason: 'host paths are never mounted into the sandbox' },
  ]);
});

test('healthcheck: declared over the image, run every second with a start period of at least its own interval', () => {
  const image = { ...emptyConfig(), Cmd: ['/app'], Healthcheck: { Test: ['CMD', '/app', 'check'], Interval: 30e9, Retries: 3 } };
  expect(sandboxSpec(request({ config: image })).create.Healthcheck).toEqual({ Test: ['CMD', '/app', 'check'], Interval: 1e9, StartPeriod: 30e9, Retries: 3 });
  const declared = runOptionsProfile(['--health-cmd=true', '--health-interval=500ms', '--health-start-period=10s']);
  const spec = sandboxSpec(request({ config: image, profile: declared }));
  expect(spec.healthcheck).toBe(true);
  expect(spec.create.Healthcheck).toEqual({ Test: ['CMD-SHELL', 'true'], Interval: 5e8, StartPeriod: 10e9, Retries: 3 });
  const off = sandboxSpec(request({ config: image, profile: runOptionsProfile(['--no-healthcheck']) }));
  expect([off.healthcheck, off.create.Healthcheck]).toEqual([false, { Test: ['NONE'] }]);
});

test('the command: --runtime-command replaces CMD; a declared entrypoint clears the image CMD', () => {
  const config = { ...emptyConfig(), Entrypoint: ['/entry'], Cmd: ['serve'] };
  expect(sandboxSpec(request({ config })).command).toEqual(['/entry', 'serve']);
  expect(sandboxSpec(request({ config, command: ['sleep', '60'] })).create.Cmd).toEqual(['sleep', '60']);
  const s = sandboxSpec(request({ config, profile: runOptionsProfile(['--entrypoint=/bin/other']) }));
  expect([s.create.Entrypoint, s.create.Cmd, s.command]).toEqual([['/bin/other'], [], ['/bin/other']]);
});

test("another container's IPC namespace is withheld too", () => {
  const { create, withheld } = sandboxSpec(request({ profile: runOptionsProfile(['--ipc=container:db']) }));
  expect(create.HostConfig?.IpcMode).toBeUndefined();
  expect(withheld).toEqual([{ setting: '--ipc=container:db', reason: 'never granted: the sandbox does not share IPC namespaces' }]);
});

test('networks the sandbox refuses', () => {
  expect(forbiddenNetwork('host')).toMatch(/host's network stack/);
  expect(forbiddenNetwork('container:db')).toMatch(/another container/);
  expect(forbiddenNetwork('none')).toBeUndefined();
  expect(forbiddenNetwork('ci-net')).toBeUndefined();
});
