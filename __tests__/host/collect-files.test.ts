/**
 * The CIS 3.x file rules on a temporary tree built here (the collector's root is configurable for this):
 * owners and modes are set with chown/chmod, the Docker socket is a real unix socket.
 */
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Docker from 'dockerode';
import { loadCatalog } from '../../src/catalog/catalog.js';
import { checks } from '../../src/checks/index.js';
import { collectHostFacts } from '../../src/host/collect.js';
import { evaluateHostFacts } from '../../src/host/target.js';

const asRoot = process.getuid?.() === 0;
const rules = loadCatalog();
let root: string;
let proc: string;
let server: Server | undefined;

function put(path: string, text: string, mode: number, uid = 0, gid = 0): void {
  const p = join(root, path);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
  chmodSync(p, mode);
  chownSync(p, uid, gid);
}

async function collect() {
  const socketPath = join(root, 'no-engine.sock');
  return collectHostFacts({ connection: { docker: new Docker({ socketPath, timeout: 2000 }), endpoint: `unix://${socketPath}`, tls: false }, root, proc });
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cis-host-tree-'));
  proc = mkdtempSync(join(tmpdir(), 'cis-host-proc-'));
});
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
  rmSync(root, { recursive: true, force: true });
  rmSync(proc, { recursive: true, force: true });
});

(asRoot ? test : test.skip)('owners and modes of the CIS 3.x files are judged on the tree; missing files are skipped with their path', async () => {
  put('/etc/passwd', 'root:x:0:0:root:/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n', 0o644);
  put('/etc/group', 'root:x:0:\ndocker:x:999:alice\n', 0o644);
  put(
    '/etc/docker/daemon.json',
    JSON.stringify(
      {
        hosts: ['unix:///var/run/docker.sock', 'tcp://0.0.0.0:2376'],
        tlsverify: true,
        tlscacert: '/etc/docker/tls/ca.pem',
        tlscert: '/etc/docker/tls/server.pem',
        tlskey: '/etc/docker/tls/server-key.pem',
      },
      null,
      2,
    ),
    0o666,
  );
  chmodSync(join(root, 'etc/docker'), 0o755);
  put('/etc/docker/tls/ca.pem', 'ca', 0o444);
  put('/etc/docker/tls/server.pem', 'cert', 0o644);
  put('/etc/docker/tls/server-key.pem', 'key', 0o600, 1000, 1000);
  put('/etc/docker/certs.d/reg.example.com:5000/ca.crt', 'ca', 0o444);
  put('/etc/docker/certs.d/reg.example.com:5000/client.key', 'key', 0o644);
  put('/lib/systemd/system/docker.service', '[Service]\n', 0o644, 1000, 0);
  put('/lib/systemd/system/docker.socket', '[Socket]\n', 0o644);
  put('/etc/sysconfig/docker', 'OPTIONS=\n', 0o644);
  mkdirSync(join(root, 'var/run'), { recursive: true });
  const sock = join(root, 'var/run/docker.sock');
  server = createServer();
  await new Promise<void>((r) => server!.listen(sock, () => r()));
  chmodSync(sock, 0o666);
  chownSync(sock, 0, 999);

  const facts = await collect();
  expect(facts.engine).toBeUndefined();
  expect(facts.files!.find((f) => f.path === '/var/run/docker.sock')).toMatchObject({ type: 'socket', mode: 0o666, uid: 0, gid: 999, group: 'docker' });
  const result = evaluateHostFacts(facts, rules, checks, { profile: 'all' });
  const verdict = (id: string) => result.verdicts.find((v) => v.id === `host/${id}`)!;
  const found = (id: string) => result.findings.filter((f) => f.ruleId === `host/${id}`);

  expect(verdict('docker-sock-mode').status).toBe('fail');
  expect(found('docker-sock-mode')).toEqual([
    expect.objectContaining({ severity: 'critical', location: expect.objectContaining({ file: '/var/run/docker.sock', startLine: 1 }), message: expect.stringMatching(/mode 0666: others can read and write/) }),
  ]);
  expect(verdict('docker-sock-owner').status).toBe('pass');
  expect(found('daemon-json-mode')[0]).toMatchObject({ severity: 'medium', location: { file: '/etc/docker/daemon.json' } });
  expect(verdict('daemon-json-owner').status).toBe('pass');
  expect(found('docker-service-owner')[0].message).toMatch(/\/lib\/systemd\/system\/docker.service is owned by alice:root \(uid 1000, gid 0\)/);
  expect(verdict('docker-socket-unit-owner').status).toBe('pass');
  expect(verdict('docker-socket-unit-mode').status).toBe('pass');
  expect(verdict('tls-ca-owner').status).toBe('pass');
  expect(verdict('tls-ca-mode').status).toBe('pass');
  expect(verdict('tls-cert-mode').status).toBe('fail');
  expect(verdict('tls-key-mode').status).toBe('fail');
  expect(found('tls-key-owner')[0].location.file).toBe('/etc/docker/tls/server-key.pem');
  expect(found('registry-certs-mode').map((f) => f.location.file)).toEqual(['/etc/docker/certs.d/reg.example.com:5000/client.key']);
  expect(verdict('registry-certs-owner').status).toBe('pass');
  expect(verdict('etc-docker-owner').status).toBe('pass');
  expect(verdict('etc-docker-mode').status).toBe('pass');
  expect(verdict('sysconfig-docker-mode').status).toBe('pass');
  expect(verdict('etc-default-docker-mode')).toMatchObject({ status: 'skip', reason: 'not found: /etc/default/docker' });
  expect(verdict('containerd-sock-owner')).toMatchObject({ status: 'skip', reason: expect.stringContaining('/run/containerd/containerd.sock') });
  expect(found('docker-group-members')).toEqual([expect.objectContaining({ severity: 'info', location: expect.objectContaining({ file: '/etc/group', startLine: 2 }) })]);
  expect(verdict('tcp-without-tls').status).toBe('pass');
  // The command line is not visible (no dockerd in this /proc): settings-only rules skip instead of guessing.
  expect(verdict('userland-proxy')).toMatchObject({ status: 'skip', reason: expect.stringMatching(/command line is not visible/) });
});

(asRoot ? test : test.skip)('a daemon.json with a syntax error is a located finding, and the rules that need it skip', async () => {
  put('/etc/docker/daemon.json', '{\n  "live-restore": true,\n  "icc": false\n  "userland-proxy": false\n}\n', 0o644);
  const facts = await collect();
  const result = evaluateHostFacts(facts, rules, checks, { profile: 'all' });
  expect(result.findings.filter((f) => f.ruleId === 'host/daemon-json-parse-error')).toEqual([
    expect.objectContaining({ location: expect.objectContaining({ file: '/etc/docker/daemon.json', startLine: 4, startColumn: 3 }), message: expect.stringMatching(/comma/) }),
  ]);
  expect(result.verdicts.find((v) => v.id === 'host/userland-proxy')).toMatchObject({ status: 'skip', reason: expect.stringMatching(/not valid JSON/) });
  expect(result.verdicts.find((v) => v.id === 'host/daemon-json-mode')?.status).toBe('pass');
});
