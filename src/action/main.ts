/** The GitHub edge (placeholder until the Action issue lands): read inputs, scan, report the decision. */
import * as core from '@actions/core';
import { parseFailOn, parseProfile } from '../config/config.js';
import { scan } from '../gate/scan.js';
import { GateError } from '../types.js';

export async function run(): Promise<void> {
  try {
    const dockerfiles = core.getMultilineInput('dockerfile').filter(Boolean);
    const report = await scan({
      dockerfiles: dockerfiles.length ? dockerfiles : ['Dockerfile'],
      target: core.getInput('target') || undefined,
      buildArgs: {},
      failOn: parseFailOn(core.getInput('fail-on') || 'high', 'input fail-on'),
      profile: parseProfile(core.getInput('profile') || 'cis-level-1', 'input profile'),
      ruleOptions: {},
      disabled: [],
    });
    core.setOutput('passed', String(report.passed));
    if (!report.passed) core.setFailed(`cis-docker-gate: open findings at or above ${report.failOn}`);
  } catch (e) {
    core.setFailed(e instanceof GateError ? e.message : `internal error: ${(e as Error).message}`);
  }
}
