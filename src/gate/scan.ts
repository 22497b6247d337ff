/** Orchestration: plan the targets of a Config, collect their facts, evaluate, decide. */
import { loadCatalog } from '../catalog/catalog.js';
import { checks as builtInChecks } from '../checks/index.js';
import type { Config } from '../config/config.js';
import { readDockerfile } from '../dockerfile/read.js';
import { connectHostEngine } from '../host/engine.js';
import { auditHost } from '../host/target.js';
import { UnknownTargetError } from '../dockerfile/parse.js';
import type { Report, ReportTarget } from '../report/report.js';
import { finishReport } from '../policy/apply.js';
import { withCustomRules } from '../policy/custom-rules.js';
import { scanTargets } from './targets.js';
import { GateError, type Finding, type RuleVerdict } from '../types.js';
import { toolVersion } from '../version.js';
import { evaluateDockerfileText } from './dockerfile.js';
import { scanImageTarget, wantsImage } from './image.js';
import type { DockerfileModel } from '../dockerfile/model.js';

/** `log` gets progress lines (pull, build): the CLI writes them to stderr, the Action to its log. */
export async function scan(config: Config, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<Report> {
  // The policy file's targets: each scanned on its own (bounded concurrency), the reports merged.
  if (config.policy?.targets.length) return scanTargets(config, log, scan);
  const { rules, checks } = withCustomRules(loadCatalog(), builtInChecks, config.policy?.customRules);
  const targets: ReportTarget[] = [];
  const verdicts: RuleVerdict[] = [];
  const findings: Finding[] = [];
  const dockerfileModels: DockerfileModel[] = [];
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
    dockerfileModels.push(result.model);
    const final = result.model.stages[result.model.finalStage];
    targets.push({ kind: 'dockerfile', name: file, stage: final?.name ?? (final ? `#${final.index}` : undefined) });
    verdicts.push(...result.verdicts);
    findings.push(...result.findings);
  }
  if (wantsImage(config)) {
    // Provenance: the image's history is matched against the first Dockerfile (the one a build uses).
    const image = await scanImageTarget(config, dockerfileModels[0], rules, checks, log);
    targets.push(image.target);
    verdicts.push(...image.verdicts);
    findings.push(...image.findings);
  }
  if (config.hostAudit) {
    const host = await auditHost({ connection: await connectHostEngine(), root: config.hostRoot }, rules, checks, {
      profile: config.profile,
      ruleOptions: config.ruleOptions,
      disabled: config.disabled,
    });
    targets.push({ kind: 'host', name: host.facts.endpoint });
    verdicts.push(...host.verdicts);
    findings.push(...host.findings);
  }
  // The policy (severity overrides, waivers, baseline), then the threshold.
  return finishReport(config, toolVersion(), targets, verdicts, findings);
}
