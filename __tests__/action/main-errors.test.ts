/** Engine and internal errors, and inputs for targets the scan did not check: the scan is mocked. */
import { jest } from '@jest/globals';
import { buildReport, type Report } from '../../src/report/report.js';
import { GateError } from '../../src/types.js';
import { coreMock, githubMock, runnerEnv, workspace } from './mocks.js';

const core = coreMock();
const github = githubMock();
const scan = jest.fn<(config: unknown) => Promise<Report>>();
jest.unstable_mockModule('@actions/core', () => core);
jest.unstable_mockModule('@actions/github', () => github);
jest.unstable_mockModule('../../src/gate/scan.js', () => ({ scan }));
const { run } = await import('../../src/action/main.js');

const dockerfileOnly = () => buildReport('0.0.0', 'high', [{ kind: 'dockerfile', name: 'Dockerfile' }], [], []);
let restore: () => void;
beforeEach(() => {
  core.reset();
  scan.mockReset();
  restore = runnerEnv(workspace({ Dockerfile: 'FROM a\n', 'compose.yml': 'services: {}\n', 'policy.yml': 'profile: all\n' }));
});
afterEach(() => {
  restore();
  process.exitCode = undefined;
});

const failedWith = () => String(core.setFailed.mock.calls[0]?.[0] ?? '');

test('an internal error fails with a distinct message and exit code 3', async () => {
  scan.mockRejectedValue(new TypeError('Cannot read properties of undefined'));
  expect(await run()).toBe(3);
  expect(process.exitCode).toBe(3);
  expect(failedWith()).toBe('cis-docker-gate: internal error (exit 3): Cannot read properties of undefined');
  expect(core.summary.text).toContain('Engine or internal error (exit 3)');
  expect(core.debug).toHaveBeenCalled(); // the stack goes to the debug log only
});

test('an engine error (GateError 3) fails with exit code 3', async () => {
  scan.mockRejectedValue(new GateError('no Docker engine answered at unix:///var/run/docker.sock', 3));
  expect(await run()).toBe(3);
  expect(failedWith()).toBe('cis-docker-gate: engine error (exit 3): no Docker engine answered at unix:///var/run/docker.sock');
});

test('the config passed to the scan carries the inputs for the other targets', async () => {
  scan.mockResolvedValue(dockerfileOnly());
  Object.assign(core.inputs, {
    dockerfile: 'Dockerfile',
    'compose-file': 'compose.yml',
    service: 'web',
    'run-options': '--read-only\n--cap-drop=ALL',
    'registry-username': 'bot',
    'registry-password': 's3cret',
    pull: 'Always',
    'build-args': 'A=1\nB=two',
    target: 'final',
    'hardening-trial': 'true',
    config: 'policy.yml',
  });
  await run();
  expect(scan.mock.calls[0][0]).toMatchObject({
    dockerfiles: [expect.stringMatching(/Dockerfile$/)],
    composeFile: expect.stringMatching(/compose\.yml$/),
    service: 'web',
    runOptions: ['--read-only', '--cap-drop=ALL'],
    registry: { username: 'bot', password: 's3cret' },
    pull: 'always',
    buildArgs: { A: '1', B: 'two' },
    target: 'final',
    hardeningTrial: true,
    configFile: expect.stringMatching(/policy\.yml$/),
    failOn: 'high',
    // the policy file's `profile: all` applies: the inputs did not set one
    profile: 'all',
  });
  expect(core.setSecret).toHaveBeenCalledWith('s3cret');
});

test.each([
  ['image', { image: 'app:1' }],
  ['image-archive', { 'image-archive': 'Dockerfile' }],
  ['build', { build: 'true' }],
  ['host-audit', { 'host-audit': 'true' }],
])('input %s that the scan did not act on fails (exit 2) instead of passing silently', async (input, inputs) => {
  scan.mockResolvedValue(dockerfileOnly());
  Object.assign(core.inputs, inputs);
  expect(await run()).toBe(2);
  expect(failedWith()).toMatch(new RegExp(`^cis-docker-gate: input ${input}: .* are not available in cis-docker-gate 0\\.0\\.0; remove the input`));
});

test('image and image-archive together are refused', async () => {
  Object.assign(core.inputs, { image: 'a', 'image-archive': 'Dockerfile' });
  expect(await run()).toBe(2);
  expect(failedWith()).toBe('cis-docker-gate: inputs image and image-archive: give one of them, not both');
  expect(scan).not.toHaveBeenCalled();
});
