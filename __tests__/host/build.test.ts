import { buildHostModel, parseEndpoint } from '../../src/host/build.js';
import { hostFactsFromExample } from '../../src/host/example.js';
import { excessPermissions, octal } from '../../src/host/files.js';

describe('buildHostModel', () => {
  test('files are sorted into their CIS roles from the daemon settings', () => {
    const model = buildHostModel(
      hostFactsFromExample({
        commandLine: 'dockerd -H unix:///run/custom.sock --tlscacert=/tls/ca.pem --containerd=/run/c.sock',
        files: {
          '/run/custom.sock': { type: 'socket', mode: '0660', group: 'docker', gid: 999 },
          '/var/run/docker.sock': { type: 'socket', mode: '0660' },
          '/tls/ca.pem': { mode: '0444' },
          '/run/c.sock': { type: 'socket', mode: '0600' },
          '/etc/docker/certs.d': { type: 'directory', mode: '0755' },
          '/etc/docker/certs.d/r/ca.crt': { mode: '0444' },
        },
      }),
    );
    expect(model.files!['docker-sock'].found.map((f) => f.path)).toEqual(['/run/custom.sock', '/var/run/docker.sock']);
    expect(model.files!['tls-ca'].found.map((f) => f.path)).toEqual(['/tls/ca.pem']);
    expect(model.files!['tls-key'].looked).toEqual(['/root/.docker/key.pem']);
    expect(model.files!['containerd-sock'].found.map((f) => f.path)).toEqual(['/run/c.sock']);
    expect(model.files!['registry-certs'].found.map((f) => f.path)).toEqual(['/etc/docker/certs.d', '/etc/docker/certs.d/r/ca.crt']);
    expect(model.files!['daemon-json'].found).toEqual([]);
  });

  test('the socket group: members listed in /etc/group and users with it as primary group, each on its line', () => {
    const model = buildHostModel(
      hostFactsFromExample({
        files: { '/var/run/docker.sock': { type: 'socket', mode: '0660', gid: 998 } },
        etcGroup: 'root:x:0:\nwheel:x:10:alice\ndockerusers:x:998:bob,carol\n',
        etcPasswd: 'root:x:0:0::/root:/bin/sh\nci:x:1001:998::/home/ci:/bin/sh\n',
      }),
    );
    expect(model.socketGroup).toMatchObject({ name: 'dockerusers', gid: 998 });
    expect(model.socketGroup!.members.map((m) => [m.user, m.via, m.location.file, m.location.startLine])).toEqual([
      ['bob', 'member', '/etc/group', 3],
      ['carol', 'member', '/etc/group', 3],
      ['ci', 'primary', '/etc/passwd', 2],
    ]);
  });

  test('endpoints', () => {
    expect(parseEndpoint('unix:///var/run/docker.sock')).toMatchObject({ scheme: 'unix', address: '/var/run/docker.sock' });
    expect(parseEndpoint('tcp://10.0.0.5:2376', true)).toMatchObject({ scheme: 'tcp', address: '10.0.0.5:2376', tls: true });
    expect(parseEndpoint('https://h:2376')).toMatchObject({ scheme: 'tcp', tls: true });
  });

  test('mode words', () => {
    expect(excessPermissions(0o666, 0o660)).toEqual(['others can read and write']);
    expect(excessPermissions(0o4755, 0o755)).toEqual(['setuid bit']);
    expect(excessPermissions(0o607, 0o660)).toEqual(['others can read and write and execute']);
    expect(excessPermissions(0o640, 0o644)).toEqual([]);
    expect(octal(0o660)).toBe('0660');
  });
});
