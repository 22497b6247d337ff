/**
 * `cis-docker-gate plan [--format text|json|github-matrix] [--only NAME]`: the policy file's targets, expanded,
 * without scanning. github-matrix prints one line of JSON for `strategy.matrix`:
 *   {"include":[{"target":"api","slug":"api","kind":"dockerfile","dockerfile":"services/api/Dockerfile"}]}
 */
import type { Config } from '../../config/config.js';
import { githubMatrix, selectTargets } from '../../gate/targets.js';
import { EXIT, GateError } from '../../types.js';
import type { Writable } from './common.js';

export const PLAN_FORMATS = ['text', 'json', 'github-matrix'];

export function planCommand(config: Config, format: string, out: Writable): number {
  if (!PLAN_FORMATS.includes(format)) throw new GateError(`--format: "${format}" is not one of ${PLAN_FORMATS.join(', ')}`, 2);
  const all = config.policy?.targets ?? [];
  if (!all.length) {
    const why = config.policy?.file ? `${config.policy.file} lists no targets` : 'no policy file (.cis-docker-gate.yml or --config) lists targets';
    throw new GateError(`nothing to plan: ${why}`, 2);
  }
  const targets = selectTargets(all, config.only);
  if (format === 'github-matrix') out.write(`${JSON.stringify(githubMatrix(targets))}\n`);
  else if (format === 'json') out.write(`${JSON.stringify({ targets }, null, 2)}\n`);
  else {
    for (const t of targets) {
      const what = [t.dockerfile, t.image && `image ${t.image}`, t.imageArchive && `archive ${t.imageArchive}`, t.build && 'build', t.composeFile && `compose ${t.composeFile}${t.service ? `#${t.service}` : ''}`].filter(Boolean);
      out.write(`${t.name}  ${t.kind}  ${what.join(', ')}  (${t.where})\n`);
    }
  }
  return EXIT.passed;
}
