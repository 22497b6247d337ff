/** docker run options -> RuntimeProfile, parsed as docker's flag parser reads an argv; never a shell. */
import { RUN_OPTIONS_FILE } from '../../src/runtime/model.js';
import { RunOptionError, runOptionsProfile } from '../../src/runtime/run-options.js';

const error = (options: string[]) => {
  try {
    runOptionsProfile(options);
  } catch (e) {
    expect(e).toBeInstanceOf(RunOptionError);
    return (e as Error).message;
  }
  throw new Error('no error');
};

test('--flag=value, --flag value, -f value, -fvalue, -f=value, combined booleans, an entry "--flag value"', () => {
  const p = runOptionsProfile([
    '--memory=512m', // 1
    '--cpus', // 2
    '1.5', // 3
    '-u10001', // 4
    '-p=127.0.0.1:8080:80', // 5
    '-it', // 6
    '--cap-drop ALL', // 7
    '--read-only', // 8
    '--security-opt', // 9
    'no-new-privileges', // 10
    '-e', // 11
    'TOKEN=s3cr3t-value', // 12
  ]);
  expect(p.memory).toMatchObject({ value: 512 * 1024 ** 2, location: { file: RUN_OPTIONS_FILE, startLine: 1 } });
  expect(p.cpus).toMatchObject({ value: 1.5, location: { startLine: 2 }, source: '--cpus 1.5' });
  expect(p.user).toMatchObject({ value: '10001', location: { startLine: 4 } });
  expect(p.ports[0]).toMatchObject({ value: { hostIp: '127.0.0.1', hostPort: { start: 8080, end: 8080 } }, location: { startLine: 5 } });
  expect(p.capDrop).toMatchObject([{ value: 'ALL', location: { startLine: 7 } }]);
  expect(p.readOnly).toMatchObject({ value: true, location: { startLine: 8 } });
  expect(p.securityOpt).toMatchObject([{ value: { key: 'no-new-privileges', value: 'true' }, location: { startLine: 9 } }]);
  expect(p.environment).toEqual({ TOKEN: 's3cr3t-value' });
  // An environment value is never part of what a message shows.
  expect(JSON.stringify({ ...p, environment: undefined })).not.toContain('s3cr3t');
});

test('booleans take =false; the last value of a single-valued option wins', () => {
  const p = runOptionsProfile(['--privileged', '--privileged=false', '--network=host', '--net=none']);
  expect(p.privileged?.value).toBe(false);
  expect(p.network).toMatchObject({ value: 'none', location: { startLine: 4 } });
});

test('health options build one healthcheck, located on the option that gave its command', () => {
  const p = runOptionsProfile(['--health-interval=5s', '--health-cmd=curl -f http://localhost/', '--health-retries=2']);
  expect(p.healthcheck).toMatchObject({ value: { test: ['CMD-SHELL', 'curl -f http://localhost/'], intervalNs: 5e9, retries: 2, disabled: false }, location: { startLine: 2 } });
  expect(runOptionsProfile(['--no-healthcheck']).healthcheck?.value.disabled).toBe(true);
});

test('mounts: -v and --mount; tmpfs; devices; ulimits; restart', () => {
  const p = runOptionsProfile(['-v', '/srv:/srv:ro,rshared', '--mount=type=volume,source=data,target=/data', '--tmpfs=/run:size=64m', '--device=/dev/sda:/dev/xvda', '--ulimit=nofile=1024:2048', '--restart=on-failure:3']);
  expect(p.mounts.map((m) => m.value)).toEqual([
    { type: 'bind', source: '/srv', target: '/srv', readOnly: true, propagation: 'rshared' },
    { type: 'volume', source: 'data', target: '/data', readOnly: false },
  ]);
  expect(p.tmpfs[0].value).toBe('/run:size=64m');
  expect(p.devices[0].value).toBe('/dev/sda');
  expect(p.ulimits[0].value).toEqual({ name: 'nofile', soft: 1024, hard: 2048 });
  expect(p.restart?.value).toEqual({ name: 'on-failure', maxRetries: 3 });
});

test.each([
  [['--frobnicate'], /^run option 1: unknown option --frobnicate \(docker run options this gate reads: --privileged, /],
  [['--read-only', '-Z'], /^run option 2: unknown option -Z$/],
  [['nginx:1.27'], /^run option 1: "nginx:1.27" is not an option: give docker run options only/],
  [['--memory=lots'], /^run option 1: --memory: "lots" is not a size \(e\.g\. 512m, 1g\)$/],
  [['--pids-limit', 'many'], /^run option 1: --pids-limit: "many" is not a whole number$/],
  [['--cpus=fast'], /^run option 1: --cpus: "fast" is not a number/],
  [['--restart=sometimes'], /^run option 1: --restart: "sometimes" is not a restart policy/],
  [['--publish=80:http'], /^run option 1: --publish: "http" is not a container port or range/],
  [['--health-interval=30'], /^run option 1: --health-interval: 30 is not a duration|^run option 1: --health-interval: "30" is not a duration/],
  [['--memory'], /^run option 1: --memory needs a value$/],
  [['--read-only yes'], /^run option 1: --read-only takes no value/],
  [['--privileged=maybe'], /^run option 1: --privileged: "maybe" is not true or false$/],
  [['-e', '=secret-value'], /^run option 1: --env: NAME=VALUE has no name$/],
])('%j is an error naming the option', (options, message) => {
  const m = error(options);
  expect(m).toMatch(message);
  expect(m).not.toContain('secret-value');
});
