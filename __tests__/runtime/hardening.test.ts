/** The hardening trial's proven settings are a profile the declared-settings rules accept, in both forms. */
import { loadCatalog } from '../../src/catalog/catalog.js';
import { checks } from '../../src/checks/index.js';
import { emptyConfig } from '../../src/image/model.js';
import { composeProfile } from '../../src/runtime/compose.js';
import { evaluateRuntimeModel } from '../../src/runtime/evaluate.js';
import { provenSettings, trialOutcome, trialUser } from '../../src/runtime/hardening.js';
import type { ProbeFacts, RuntimeProfile } from '../../src/runtime/model.js';
import { runOptionsProfile } from '../../src/runtime/run-options.js';
import { DEFAULT_LIMITS, sandboxSpec } from '../../src/runtime/sandbox.js';
import { imageFromExample } from '../../src/image/example.js';

const rules = loadCatalog();
const spec = sandboxSpec({
  image: 'sha256:' + 'b'.repeat(64),
  config: { ...emptyConfig(), Cmd: ['/app'] },
  profile: runOptionsProfile(['--cap-add=NET_BIND_SERVICE', '--tmpfs=/run']),
  network: 'none',
  limits: { ...DEFAULT_LIMITS, memoryBytes: 512 * 1024 ** 2 },
  labels: {},
  harden: { user: '10001' },
});

const judged = (profile: RuntimeProfile) => {
  const r = evaluateRuntimeModel({ name: 'runtime:x', profile, probe: { skipped: 'not run' } }, rules, checks, { profile: 'all' });
  return Object.fromEntries(r.verdicts.filter((v) => !['runtime/unhealthy', 'runtime/exits-at-start'].includes(v.id) && v.status !== 'skip').map((v) => [v.id, v.status]));
};

test('the snippet and the run options say what the trial ran with', () => {
  const s = provenSettings(spec, 'web');
  expect(s.compose).toBe(
    [
      'services:',
      '  web:',
      '    user: "10001"',
      '    read_only: true',
      '    tmpfs:',
      '      - /tmp',
      '      - /run',
      '    cap_drop: [ALL]',
      '    cap_add: [NET_BIND_SERVICE]',
      '    security_opt:',
      '      - no-new-privileges:true',
      '    mem_limit: 512m',
      '    cpus: 1.0',
      '    pids_limit: 200',
      '',
    ].join('\n'),
  );
  expect(s.runOptions).toEqual(['--user=10001', '--read-only', '--tmpfs=/tmp', '--tmpfs=/run', '--cap-drop=ALL', '--cap-add=NET_BIND_SERVICE', '--security-opt=no-new-privileges', '--memory=512m', '--cpus=1', '--pids-limit=200']);
});

test('both forms, read back by the gate, pass every declared-settings rule they cover', () => {
  const s = provenSettings(spec);
  const fromCompose = judged(composeProfile(s.compose, 'compose.yml'));
  const fromOptions = judged(runOptionsProfile(s.runOptions));
  for (const verdicts of [fromCompose, fromOptions]) {
    expect(Object.entries(verdicts).filter(([, status]) => status !== 'pass')).toEqual([]);
    for (const id of ['runtime/capabilities-not-dropped', 'runtime/writable-root-filesystem', 'runtime/no-new-privileges', 'runtime/no-memory-limit', 'runtime/no-cpu-limit', 'runtime/no-pids-limit', 'runtime/capabilities-added']) {
      expect([id, verdicts[id]]).toEqual([id, 'pass']);
    }
  }
});

test('the verdict: started and stayed up; healthy; unhealthy, exited or never healthy is not proven', () => {
  const facts = (over: Partial<ProbeFacts>): ProbeFacts => ({ command: ['/app'], processes: { value: [] }, listening: { value: [] }, timeoutMs: 30_000, ...over });
  expect(trialOutcome(facts({}), spec, 'web').succeeded).toBe(true);
  expect(trialOutcome(facts({ exit: { code: 1, oomKilled: false, afterMs: 300, logs: ['read-only file system'] } }), spec, 'web')).toMatchObject({
    succeeded: false,
    detail: 'It exited with code 1 after 0.3 s. Last log lines: read-only file system',
  });
  expect(trialOutcome(facts({ startError: 'permission denied' }), spec, undefined).succeeded).toBe(false);
  const withHealth = { ...spec, healthcheck: true };
  expect(trialOutcome(facts({ health: { value: { status: 'healthy', waitedMs: 2100, log: [] } } }), withHealth, 'web')).toMatchObject({ succeeded: true, detail: 'It started, stayed up and turned healthy in 2.1 s.' });
  expect(trialOutcome(facts({ health: { value: { status: 'unhealthy', waitedMs: 5000, log: ['EROFS'] } } }), withHealth, 'web').succeeded).toBe(false);
  expect(trialOutcome(facts({ health: { value: { status: 'starting', waitedMs: 30000, log: [] } } }), withHealth, 'web').succeeded).toBe(false);
});

test('the trial user: --trial-user, the profile, the image, a regular account of the image, else root with a note', () => {
  const image = (config: Record<string, unknown>, passwd?: string) =>
    imageFromExample({ config, ...(passwd ? { files: [{ layer: 1, path: '/etc/passwd', content: passwd }] } : {}) });
  expect(trialUser('app', undefined, image({ User: 'web' }))).toEqual({ user: 'app' });
  expect(trialUser(undefined, runOptionsProfile(['--user=2000']), image({ User: '' }))).toEqual({ user: '2000' });
  expect(trialUser(undefined, undefined, image({ User: 'web' }))).toEqual({ user: 'web' });
  expect(trialUser(undefined, undefined, image({ User: '0' }, 'root:x:0:0::/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\n'))).toEqual({
    user: '1000',
    note: "as node (uid 1000), the image's first regular account",
  });
  expect(trialUser(undefined, undefined, image({ User: '' }))).toEqual({ note: 'as root: the image defines no non-root user (name one with --trial-user)' });
});
