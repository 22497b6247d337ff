/**
 * `cis-docker-gate baseline [--output FILE]`: scans as `scan` does (the configured baseline aside) and records
 * today's open findings by fingerprint, so the gate can be adopted without a red build. Default output: the
 * policy's `baseline:` file, else .cis-docker-gate-baseline.json.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config } from '../../config/config.js';
import { scan } from '../../gate/scan.js';
import { createBaseline, renderBaseline } from '../../policy/baseline.js';
import { EXIT, GateError } from '../../types.js';
import type { Writable } from './common.js';

export const DEFAULT_BASELINE = '.cis-docker-gate-baseline.json';

export async function baselineCommand(config: Config, output: string | undefined, err: Writable): Promise<number> {
  const report = await scan(config);
  const configured = config.policy?.baselineFile;
  const file = output ?? configured ?? DEFAULT_BASELINE;
  const baseline = createBaseline(report, (config.now ?? (() => new Date()))());
  try {
    writeFileSync(resolve(file), renderBaseline(baseline));
  } catch (e) {
    throw new GateError(`--output: cannot write ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 2);
  }
  const waived = report.findings.filter((f) => f.status === 'waived' || f.status === 'suppressed').length;
  err.write(
    `cis-docker-gate: recorded ${baseline.findings.length} open finding${baseline.findings.length === 1 ? '' : 's'} in ${file}` +
      `${waived ? ` (${waived} suppressed or waived left out: they stay exceptions with reasons)` : ''}` +
      `${configured ? '' : `; add \`baseline: ${file}\` to the policy file to apply it`}\n`,
  );
  return EXIT.passed;
}
