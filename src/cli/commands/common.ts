/** What the CLI's commands share: the policy applied to the Config the flags built, and the policy's warnings. */
import type { Config } from '../../config/config.js';
import { locatePolicyFile, resolvePolicy } from '../../config/resolve.js';
import type { Report } from '../../report/report.js';

export interface Writable {
  write(s: string): unknown;
}

/** Loads the policy file (--config, else .cis-docker-gate.yml in the working directory) and applies it. */
export function withPolicy(config: Config, options: { ignoreBaseline?: boolean; cwd?: string } = {}): Config {
  const cwd = options.cwd ?? process.cwd();
  return resolvePolicy(config, locatePolicyFile(config, { cwd, root: cwd }), { cwd, ignoreBaseline: options.ignoreBaseline });
}

/** Expired and stale waivers, one warning line each (the CLI writes them to standard error). */
export function policyWarnings(report: Report): string[] {
  const lines: string[] = [];
  for (const w of report.config?.waivers ?? []) {
    const who = w.owner ? `, owner ${w.owner}` : '';
    if (w.status === 'expired') {
      lines.push(`warning: ${w.where}: the waiver for ${w.rule} in ${w.scope} expired on ${w.expires}${who}; ${w.matched === 0 ? 'it matches no finding either: remove it' : w.matched === 1 ? 'its finding counts again' : `its ${w.matched} findings count again`}`);
    } else if (w.status === 'stale') {
      const partial = report.config?.only ? ` in the targets scanned here (${report.config.only.join(', ')})` : '';
      lines.push(`warning: ${w.where}: the waiver for ${w.rule} in ${w.scope} matches no finding${partial} (stale${who}); remove it or fix its scope`);
    }
  }
  return lines;
}
