/** Orchestration: plan the targets of a Config, collect their facts, evaluate, decide. */
import type { Config } from '../config/config.js';
import { readDockerfile } from '../dockerfile/read.js';
import { connectHostEngine } from '../host/engine.js';
import { auditHost } from '../host/target.js';
import { UnknownTargetError } from '../dockerfile/parse.js';
import type { Report, ReportTarget } from '../report/report.js';
import { finishReport } from '../policy/apply.js';
import { scanTargets } from './targets.js';
import { GateError, type Finding, type RuleVerdict } from '../types.js';
import { toolVersion } from '../version.js';
import { evaluateDockerfileText } from './dockerfile.js';
import { scanRules } from './rules.js';
import { scanImageTarget, wantsImage } from './image.js';
import type { ImageModel } from '../image/model.js';
import type { EngineSession } from '../docker/session.js';
import type { DockerfileModel } from '../dockerfile/model.js';
import { loadRuntimeProfile, wantsRuntime } from '../runtime/profile.js';
import { sandboxNetwork, scanRuntimeTarget, type RuntimeResult } from '../runtime/target.js';

/** `log` gets progress lines (pull, build): the CLI writes them to stderr, the Action to its log. */
export async function scan(config: Config, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<Report> {
  // The policy file's targets: each scanned on its own (bounded concurrency), the reports merged.
  if (config.policy?.targets.length) return scanTargets(config, log, scan);
  const { rules, checks } = scanRules(config);
  const targets: ReportTarget[] = [];
  const verdicts: RuleVerdict[] = [];
  const findings: Finding[] = [];
  const dockerfileModels: DockerfileModel[] = [];
  // The runtime profile is read first: a bad compose file or run option fails before anything is built.
  const runtimeWanted = wantsRuntime(config);
  const runtimeProfile = runtimeWanted ? loadRuntimeProfile(config) : undefined;
  if (runtimeWanted) sandboxNetwork(config);
  let runtime: RuntimeResult | undefined;
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
    // The runtime target runs while the image is still in the engine.
    const useImage = runtimeWanted
      ? async (model: ImageModel, session: EngineSession | undefined) => {
          runtime = await scanRuntimeTarget(config, { profile: runtimeProfile, image: model, engine: session?.engine }, rules, checks, log);
        }
      : undefined;
    const image = await scanImageTarget(config, dockerfileModels[0], rules, checks, log, useImage);
    targets.push(image.target);
    verdicts.push(...image.verdicts);
    findings.push(...image.findings);
  }
  if (runtimeWanted) {
    runtime ??= await scanRuntimeTarget(config, { profile: runtimeProfile }, rules, checks, log);
    // Run options and no image: the Dockerfile's final FROM line stands for the container it would run.
    const from = dockerfileModels[0]?.stages[dockerfileModels[0].finalStage]?.from.location;
    if (!runtime.target.anchor && from) runtime.target.anchor = from;
    targets.push(runtime.target);
    verdicts.push(...runtime.verdicts);
    findings.push(...runtime.findings);
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
  const report = finishReport(config, toolVersion(), targets, verdicts, findings);
  if (runtime?.withheld.length) report.withheld = runtime.withheld;
  if (runtime?.hardeningTrial) report.hardeningTrial = runtime.hardeningTrial;
  return report;
}
