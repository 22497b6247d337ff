/** A remote engine: the engine-derived rules judge it, the rules that need its configuration or files skip with why. */
import { loadCatalog } from '../../src/catalog/catalog.js';
import { checks } from '../../src/checks/index.js';
import { hostFactsFromExample } from '../../src/host/example.js';
import { evaluateHostFacts } from '../../src/host/target.js';

test('tcp engine with TLS: engine facts judged, configuration and files skipped', () => {
  const facts = hostFactsFromExample({
    endpoint: 'tcp://build-host.internal:2376',
    tls: true,
    info: {
      SecurityOptions: ['name=seccomp,profile=default', 'name=userns'],
      LiveRestoreEnabled: true,
      Driver: 'overlay2',
      LoggingDriver: 'json-file',
      Plugins: { Authorization: null },
      RegistryConfig: { InsecureRegistryCIDRs: ['127.0.0.0/8'], IndexConfigs: {} },
      Swarm: { LocalNodeState: 'inactive' },
      ExperimentalBuild: false,
    },
    version: { Version: '27.3.1' },
    bridge: { Options: { 'com.docker.network.bridge.enable_icc': 'false' } },
  });
  facts.daemonUnknown = 'the engine is reached over tcp (build-host.internal:2376): its process is on another machine';
  const r = evaluateHostFacts(facts, loadCatalog(), checks, { profile: 'all' });
  const status = (id: string) => r.verdicts.find((v) => v.id === `host/${id}`);
  for (const id of ['userns-remap', 'live-restore', 'aufs-storage-driver', 'seccomp-profile', 'icc-default-bridge', 'docker-version', 'swarm-mode', 'insecure-registries', 'experimental-features']) {
    expect([id, status(id)?.status]).toEqual([id, 'pass']);
  }
  expect(status('remote-logging')?.status).toBe('fail');
  expect(status('authorization-plugin')?.status).toBe('fail');
  expect(r.findings.find((f) => f.ruleId === 'host/remote-logging')?.location.file).toBe('docker-engine');
  expect(status('tcp-without-tls')).toMatchObject({ status: 'skip', reason: expect.stringMatching(/answers over TLS.*--tlsverify/) });
  expect(status('userland-proxy')).toMatchObject({ status: 'skip', reason: expect.stringMatching(/another machine/) });
  expect(status('docker-sock-mode')).toMatchObject({ status: 'skip', reason: expect.stringMatching(/files/) });
  expect(status('docker-group-members')?.status).toBe('skip');
});

test('tcp engine without TLS: critical, from the connection itself', () => {
  const r = evaluateHostFacts(hostFactsFromExample({ endpoint: 'tcp://10.0.0.5:2375', info: { ServerVersion: '27.3.1' } }), loadCatalog(), checks, { profile: 'all' });
  expect(r.findings.filter((f) => f.ruleId === 'host/tcp-without-tls')).toEqual([expect.objectContaining({ severity: 'critical', location: expect.objectContaining({ file: 'docker-engine' }) })]);
});
