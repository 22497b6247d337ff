/**
 * The engine for integration tests. When REQUIRE_DOCKER=1 (set by .ci/run) a missing engine fails the run;
 * otherwise the suites that need it are skipped. Fixture base images come from scripts/fixtures.sh.
 */
import { execFileSync } from 'node:child_process';
import Docker from 'dockerode';
import type { Config } from '../../src/config/config.js';
import { GATE_LABEL } from '../../src/docker/session.js';

export const docker = new Docker();

export async function engineAvailable(): Promise<boolean> {
  try {
    await docker.ping();
    return true;
  } catch {
    return false;
  }
}

/** `describe` when the engine answers, `describe.skip` otherwise; throws when REQUIRE_DOCKER=1 and it does not. */
export async function describeWithEngine(): Promise<jest.Describe> {
  if (await engineAvailable()) {
    execFileSync('bash', ['scripts/fixtures.sh'], { stdio: 'inherit' });
    return describe;
  }
  if (process.env.REQUIRE_DOCKER === '1') throw new Error('REQUIRE_DOCKER=1 but no Docker engine answers at the default socket or DOCKER_HOST');
  return describe.skip;
}

/** Images and containers carrying the gate's label: must be none after every scan. */
export async function labelledLeftovers(): Promise<string[]> {
  const images = await docker.listImages({ all: true, filters: { label: [GATE_LABEL] } } as Docker.ListImagesOptions);
  const containers = await docker.listContainers({ all: true, filters: { label: [GATE_LABEL] } });
  return [...images.map((i) => `image ${i.Id}`), ...containers.map((c) => `container ${c.Id}`)];
}

export function sh(cmd: string, input?: string): string {
  return execFileSync('bash', ['-c', cmd], { encoding: 'utf8', ...(input !== undefined ? { input } : {}), stdio: ['pipe', 'pipe', 'pipe'] });
}

/** The Config an integration scan starts from: every rule on (profile all), fail on high, builds without a network. */
export const engineConfig = (over: Partial<Config> = {}): Config => ({
  dockerfiles: [],
  buildArgs: {},
  failOn: 'high',
  profile: 'all',
  ruleOptions: {},
  disabled: [],
  buildNetwork: 'none',
  ...over,
});
