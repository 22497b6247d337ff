/** Compose service -> RuntimeProfile: every setting on its line, compose's own value rules, located errors. */
import { ComposeError, composeProfile, splitWords } from '../../src/runtime/compose.js';

const profile = (text: string, service?: string, env: Record<string, string> = {}) => composeProfile(text, 'compose.yml', service, env);
const error = (text: string, service?: string, env: Record<string, string> = {}) => {
  try {
    profile(text, service, env);
  } catch (e) {
    expect(e).toBeInstanceOf(ComposeError);
    return (e as Error).message;
  }
  throw new Error('no error');
};

test('every setting keeps its line; lists keep one line per item', () => {
  const p = profile(
    [
      'services:', // 1
      '  db:', // 2
      '    image: postgres', // 3
      '  web:', // 4
      '    user: "1000:1000"', // 5
      '    privileged: false', // 6
      '    read_only: true', // 7
      '    cap_drop: [ALL]', // 8
      '    cap_add:', // 9
      '      - net_bind_service', // 10
      '    security_opt:', // 11
      '      - no-new-privileges:true', // 12
      '    ports:', // 13
      '      - "127.0.0.1:8080:80"', // 14
      '      - 9000', // 15
      '    mem_limit: 256m', // 16
      '    pids_limit: 64', // 17
      '    restart: "on-failure:3"', // 18
      '    tmpfs: /run', // 19
      '',
    ].join('\n'),
    'web',
  );
  expect(p.anchor).toMatchObject({ file: 'compose.yml', startLine: 4 });
  expect(p.user).toMatchObject({ value: '1000:1000', location: { startLine: 5 } });
  expect(p.privileged?.value).toBe(false);
  expect(p.readOnly).toMatchObject({ value: true, source: 'read_only: true' });
  expect(p.capDrop.map((c) => [c.value, c.location.startLine])).toEqual([['ALL', 8]]);
  expect(p.capAdd.map((c) => [c.value, c.location.startLine])).toEqual([['NET_BIND_SERVICE', 10]]);
  expect(p.securityOpt.map((o) => [o.value, o.location.startLine])).toEqual([[{ key: 'no-new-privileges', value: 'true' }, 12]]);
  expect(p.ports.map((x) => [x.value, x.location.startLine])).toEqual([
    [{ hostIp: '127.0.0.1', hostPort: { start: 8080, end: 8080 }, containerPort: { start: 80, end: 80 }, protocol: 'tcp' }, 14],
    [{ containerPort: { start: 9000, end: 9000 }, protocol: 'tcp' }, 15],
  ]);
  expect(p.memory).toMatchObject({ value: 256 * 1024 ** 2, location: { startLine: 16 } });
  expect(p.pidsLimit?.value).toBe(64);
  expect(p.restart?.value).toEqual({ name: 'on-failure', maxRetries: 3 });
  expect(p.tmpfs.map((t) => t.value)).toEqual(['/run']);
});

test('merge keys and anchors: the setting is located where it is written', () => {
  const p = profile(['x-hardened: &hardened', '  read_only: true', '  cap_drop: [ALL]', 'services:', '  app:', '    <<: *hardened', '    read_only: false', ''].join('\n'));
  expect(p.readOnly).toMatchObject({ value: false, location: { startLine: 7 } });
  expect(p.capDrop[0].location.startLine).toBe(3);
});

test('interpolation: ${VAR}, defaults, $$; a required variable that is missing is an error on its line', () => {
  const p = profile('services:\n  app:\n    user: ${APP_UID:-10001}\n    mem_limit: ${MEM}\n    entrypoint: ["sh", "-c", "echo $$HOME"]\n', undefined, { MEM: '1g' });
  expect(p.user?.value).toBe('10001');
  expect(p.memory?.value).toBe(1024 ** 3);
  expect(p.entrypoint?.value).toEqual(['sh', '-c', 'echo $HOME']);
  expect(error('services:\n  app:\n    user: ${UID:?set UID}\n')).toBe('compose.yml:3:11: services.app.user: required variable UID is not set: set UID');
});

test('compose casts strings for booleans, accepts numbers for sizes and strings for cpus', () => {
  const p = profile('services:\n  app:\n    privileged: "yes"\n    mem_limit: 1073741824\n    cpus: "0.5"\n');
  expect(p.privileged?.value).toBe(true);
  expect(p.memory?.value).toBe(1024 ** 3);
  expect(p.cpus?.value).toBe(0.5);
});

test('long syntax of volumes, ports and devices; deploy limits and restart policy', () => {
  const p = profile(
    [
      'services:',
      '  app:',
      '    volumes:',
      '      - type: bind',
      '        source: /etc',
      '        target: /host-etc',
      '        read_only: true',
      '      - type: volume',
      '        source: data',
      '        target: /data',
      '    devices:',
      '      - source: /dev/fuse',
      '        target: /dev/fuse',
      '    deploy:',
      '      resources:',
      '        limits: {memory: 512M, cpus: "1.5", pids: 50}',
      '      restart_policy: {condition: on-failure, max_attempts: 3}',
      '',
    ].join('\n'),
  );
  expect(p.mounts.map((m) => [m.value, m.location.startLine])).toEqual([
    [{ type: 'bind', source: '/etc', target: '/host-etc', readOnly: true }, 4],
    [{ type: 'volume', source: 'data', target: '/data', readOnly: false }, 8],
  ]);
  expect(p.devices.map((d) => d.value)).toEqual(['/dev/fuse']);
  expect([p.memory?.value, p.cpus?.value, p.pidsLimit?.value]).toEqual([512 * 1024 ** 2, 1.5, 50]);
  expect(p.restart?.value).toEqual({ name: 'on-failure', maxRetries: 3 });
});

test('healthcheck forms', () => {
  expect(profile('services:\n  a:\n    healthcheck:\n      test: curl -f http://localhost\n      interval: 1m30s\n      retries: 3\n').healthcheck?.value).toEqual({
    disabled: false,
    test: ['CMD-SHELL', 'curl -f http://localhost'],
    intervalNs: 90e9,
    retries: 3,
  });
  expect(profile('services:\n  a:\n    healthcheck:\n      test: ["NONE"]\n').healthcheck?.value.disabled).toBe(true);
  expect(profile('services:\n  a:\n    healthcheck:\n      disable: true\n').healthcheck?.value.disabled).toBe(true);
});

test('environment as a map and a list; command split like compose splits it', () => {
  const p = profile('services:\n  a:\n    environment:\n      A: "1"\n      B:\n    command: serve --name "my app"\n', undefined, { B: 'from-env' });
  expect(p.environment).toEqual({ A: '1', B: 'from-env' });
  expect(p.command?.value).toEqual(['serve', '--name', 'my app']);
  expect(profile('services:\n  a:\n    environment: [X=1, "Y=a=b"]\n').environment).toEqual({ X: '1', Y: 'a=b' });
  expect(splitWords(`a 'b c' "d \\"e\\"" f\\ g`)).toEqual(['a', 'b c', 'd "e"', 'f g']);
});

test.each([
  ['services:\n  app:\n    privileged: maybe\n', undefined, 'compose.yml:3:17: services.app.privileged: expected true or false, got "maybe"'],
  ['services:\n  app:\n    mem_limit: lots\n', undefined, 'compose.yml:3:16: services.app.mem_limit: "lots" is not a size (e.g. 512m, 1g)'],
  ['services:\n  app:\n    cap_add: SYS_ADMIN\n', undefined, 'compose.yml:3:14: services.app.cap_add: expected a list, got "SYS_ADMIN"'],
  ['services:\n  app:\n    pids_limit: many\n', undefined, 'compose.yml:3:17: services.app.pids_limit: "many" is not a whole number'],
  ['services:\n  app:\n    restart: sometimes\n', undefined, 'compose.yml:3:14: services.app.restart: "sometimes" is not a restart policy (no, always, unless-stopped, on-failure[:N])'],
  ['services:\n  app:\n    ports: ["99999:80"]\n', undefined, 'compose.yml:3:13: services.app.ports[0]: "99999" is not a host port or range (1-65535)'],
  ['services:\n  app:\n    healthcheck:\n      interval: 30\n', undefined, 'compose.yml:4:17: services.app.healthcheck.interval: 30 is not a duration: give a unit (e.g. 30s, 1m30s)'],
  ['services:\n  app: [\n', undefined, expect.stringMatching(/^compose\.yml:3:1: not valid YAML: /)],
  ['services:\n  web: {}\n', 'api', 'compose.yml: no service "api" (services: web)'],
  ['services:\n  web: {}\n  db: {}\n', undefined, 'compose.yml: 2 services (web, db): name the one to judge with --service (input service)'],
  ['version: "3"\n', undefined, 'compose.yml: not a compose file: it has no `services:`'],
  ['- a\n', undefined, 'compose.yml:1:1: not a compose file: expected a mapping with `services:`'],
])('%j is a located error', (text, service, message) => {
  expect(error(text, service)).toEqual(message);
});
