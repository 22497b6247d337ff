/** The Dockerfile target: parse, evaluate the dockerfile rules, apply inline suppressions. */
import type { RuleMeta } from '../catalog/catalog.js';
import { aliasIndex } from '../catalog/catalog.js';
import type { Check } from '../checks/check.js';
import type { DockerfileModel } from '../dockerfile/model.js';
import { parseDockerfile, type ParseOptions } from '../dockerfile/parse.js';
import { spanText } from '../policy/fingerprint.js';
import { suppressionsByLine } from '../policy/suppressions.js';
import { evaluate, type Evaluation, type EvaluateOptions } from './evaluate.js';

export function evaluateDockerfileText(
  text: string,
  file: string,
  rules: RuleMeta[],
  checks: Record<string, Check>,
  options: EvaluateOptions & ParseOptions = {},
): Evaluation & { model: DockerfileModel } {
  const model = parseDockerfile(text, file, options);
  const result = evaluate('dockerfile', file, model, rules, checks, (loc) => spanText(model.lines, loc), options);
  applySuppressions(model, result, rules);
  return { ...result, model };
}

/** Mark findings suppressed by a comment above their instruction; the finding stays, with the reason. */
function applySuppressions(model: DockerfileModel, result: Evaluation, rules: RuleMeta[]): void {
  const byLine = suppressionsByLine(model);
  if (!byLine.size) return;
  const aliases = aliasIndex(rules);
  for (const f of result.findings) {
    const ins = model.stages
      .flatMap((s) => s.instructions)
      .concat(model.globalArgs)
      .find((i) => i.location.startLine <= f.location.startLine && f.location.startLine <= i.location.endLine);
    const list = ins && byLine.get(ins.location.startLine);
    const hit = list?.find((s) => s.ids.some((id) => (aliases.get(id.toLowerCase()) ?? []).includes(f.ruleId)));
    if (hit) {
      f.status = 'suppressed';
      f.statusReason = `line ${hit.line}: ${hit.reason}`;
    }
  }
}
