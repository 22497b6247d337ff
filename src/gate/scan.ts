/** Orchestration: plan the targets of a Config, collect their facts, evaluate, decide. */
import { loadCatalog } from '../catalog/catalog.js';
import { checks } from '../checks/index.js';
import type { Config } from '../config/config.js';
import { readDockerfile } from '../dockerfile/read.js';
import { UnknownTargetError } from '../dockerfile/parse.js';
import { buildReport, type Report, type ReportTarget } from '../report/report.js';
import { GateError, type Finding, type RuleVerdict } from '../types.js';
import { toolVersion } from '../version.js';
import { evaluateDockerfileText } from './dockerfile.js';

export async function scan(config: Config): Promise<Report> {
  const rules = loadCatalog();
  const targets: ReportTarget[] = [];
  const verdicts: RuleVerdict[] = [];
  const findings: Finding[] = [];
  for (const file of config.dockerfiles) {
    const text = readDockerfile(file);
    let result;
    try {
      result = evaluateDockerfileText(text, file, rules, checks, {
        target: config.target,
        buildArgs: config.buildArgs,
        profile: config.profile,
        ruleOptions: config.ruleOptions,
        disabled: config.disabled,
      });
    } catch (e) {
      if (e instanceof UnknownTargetError) throw new GateError(e.message, 2);
      throw e;
    }
    const final = result.model.stages[result.model.finalStage];
    targets.push({ kind: 'dockerfile', name: file, stage: final?.name ?? (final ? `#${final.index}` : undefined) });
    verdicts.push(...result.verdicts);
    findings.push(...result.findings);
  }
  return buildReport(toolVersion(), config.failOn, targets, verdicts, findings);
}
