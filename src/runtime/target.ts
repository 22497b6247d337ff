/**
 * The runtime target: the declared profile (judged line by line), the image run once in the sandbox (probes),
 * and the optional hardening trial, evaluated by the runtime rules. The sandbox needs the image in an engine
 * (built or given); without one, the probes report why they did not run.
 */
import { randomBytes } from 'node:crypto';
import type { RuleMeta } from '../catalog/catalog.js';
import type { Check } from '../checks/check.js';
import type { Config } from '../config/config.js';
import type { Engine } from '../docker/client.js';
import { engineMessage } from '../docker/client.js';
import type { Evaluation } from '../gate/evaluate.js';
import { imageAnchor, type ImageModel } from '../image/model.js';
import type { HardeningTrial, ReportTarget, WithheldSetting } from '../report/report.js';
import { GateError } from '../types.js';
import { evaluateRuntimeModel } from './evaluate.js';
import { imageFacts } from './facts.js';
import { trialOutcome, trialUser } from './hardening.js';
import type { ProbeFacts, RuntimeModel, RuntimeProfile } from './model.js';
import { DEFAULT_LIMITS, DEFAULT_TIMEOUT_MS, forbiddenNetwork, ROLE_LABEL, RUN_LABEL, runSandbox, sandboxSpec } from './sandbox.js';

export interface RuntimeInput {
  profile?: RuntimeProfile;
  /** The image under test (config, provenance), when there is one. */
  image?: ImageModel;
  /** The engine that has the image; undefined when the image was not read through an engine. */
  engine?: Engine;
  /** Settle time before probing (tests, benchmark). */
  settleMs?: number;
}

export interface RuntimeResult extends Evaluation {
  target: ReportTarget;
  model: RuntimeModel;
  withheld: WithheldSetting[];
  hardeningTrial?: HardeningTrial;
}

/** The network the sandbox runs on; GateError(2) for one it must never use. */
export function sandboxNetwork(config: Pick<Config, 'runtimeNetwork'>): string {
  const network = config.runtimeNetwork?.trim() || 'none';
  const why = forbiddenNetwork(network);
  if (why) throw new GateError(`--runtime-network ${network}: refused: ${why}`, 2);
  return network;
}

/** Does the engine show container processes with host uids (user namespaces remapped, rootless)? */
async function hostUids(engine: Engine): Promise<string | undefined> {
  try {
    const info = (await engine.docker.info()) as { SecurityOptions?: string[] };
    const opts = info.SecurityOptions ?? [];
    if (opts.some((o) => o.includes('name=userns'))) return 'the engine remaps user namespaces (userns-remap): the uids it shows are the host\'s, not the container\'s';
    if (opts.some((o) => o.includes('name=rootless'))) return 'the engine runs rootless: the uids it shows are the host\'s, not the container\'s';
  } catch {
    // not knowing is not a reason to skip
  }
  return undefined;
}

function subject(profile: RuntimeProfile | undefined, image: ImageModel | undefined): string {
  if (image) return `runtime:${image.name}`;
  if (profile) return `runtime:${profile.file}${profile.service ? `#${profile.service}` : ''}`;
  return 'runtime';
}

/** Why the probes did not run, when they could not. */
function probeSkip(config: Config, input: RuntimeInput): string | undefined {
  if (config.runtime === false) return 'the runtime check is turned off (--no-runtime, or input runtime: false)';
  if (!input.image) return 'no image to run: give --image or --build (Action inputs image or build)';
  if (!input.engine) return 'the image was read from an archive (--image-archive), not from an engine: the sandbox needs the image in an engine';
  if (!config.runtime) return 'the runtime check was not asked for';
  return undefined;
}

export async function scanRuntimeTarget(config: Config, input: RuntimeInput, rules: RuleMeta[], checks: Record<string, Check>, log: (line: string) => void): Promise<RuntimeResult> {
  const { profile, image, engine } = input;
  const model: RuntimeModel = {
    name: subject(profile, image),
    ...(profile ? { profile } : {}),
    ...(image ? { image: imageFacts(image) } : {}),
    probe: { skipped: 'the runtime check did not run' },
  };
  const timeoutMs = config.runtimeTimeout ? config.runtimeTimeout * 1000 : DEFAULT_TIMEOUT_MS;
  const network = sandboxNetwork(config);
  const runId = randomBytes(6).toString('hex');
  const labels = (role: string) => ({ [RUN_LABEL]: runId, [ROLE_LABEL]: role });
  let withheld: WithheldSetting[] = [];
  let hardeningTrial: HardeningTrial | undefined;

  const skip = probeSkip(config, input);
  if ((!skip || config.hardeningTrial) && engine && network !== 'none') await networkExists(engine, network);
  if (skip) {
    model.probe = { skipped: skip };
  } else {
    const spec = sandboxSpec({ image: image!.id, config: image!.config, ...(profile ? { profile } : {}), network, ...(config.runtimeCommand ? { command: config.runtimeCommand } : {}), limits: DEFAULT_LIMITS, labels: labels('runtime-probe') });
    withheld = spec.withheld;
    const uids = await hostUids(engine!);
    log(`runtime: running ${image!.name} once in a sandbox (network ${network}, ${Math.round(timeoutMs / 1000)} s at most)`);
    const facts = await run(engine!, () => runSandbox(engine!.docker, spec, { timeoutMs, probes: true, ...(uids ? { hostUids: uids } : {}), secrets: Object.values(profile?.environment ?? {}), ...(input.settleMs !== undefined ? { settleMs: input.settleMs } : {}), log }), network);
    model.probe = { value: facts };
  }

  if (config.hardeningTrial) {
    if (!image || !engine) throw new GateError(`--hardening-trial needs the image in an engine: ${skip ?? 'no image'}`, 2);
    const who = trialUser(config.trialUser, profile, image);
    const spec = sandboxSpec({
      image: image.id,
      config: image.config,
      ...(profile ? { profile } : {}),
      network,
      ...(config.runtimeCommand ? { command: config.runtimeCommand } : {}),
      limits: { ...DEFAULT_LIMITS, memoryBytes: Math.min(DEFAULT_LIMITS.memoryBytes, 512 * 1024 ** 2) },
      labels: labels('hardening-trial'),
      harden: who.user ? { user: who.user } : {},
    });
    log(`runtime: hardening trial of ${image.name} under the CIS-hardened profile`);
    const facts = await run(engine, () => runSandbox(engine.docker, spec, { timeoutMs, probes: false, settleMs: Math.max(input.settleMs ?? 0, 1500), secrets: Object.values(profile?.environment ?? {}), log }), network);
    hardeningTrial = trialOutcome(facts, spec, profile?.service, who.note);
  }

  const result = evaluateRuntimeModel(model, rules, checks, { profile: config.profile, ruleOptions: config.ruleOptions, disabled: config.disabled });
  const anchor = profile?.kind === 'compose' ? profile.anchor : image ? imageAnchor(image) : undefined;
  const target: ReportTarget = { kind: 'runtime', name: model.name, ...(anchor ? { anchor } : {}), ...(withheld.length ? { withheld } : {}), ...(hardeningTrial ? { hardeningTrial } : {}) };
  return { ...result, target, model, withheld, ...(hardeningTrial ? { hardeningTrial } : {}) };
}

/** A network the user named must exist: the engine would only say so when the container starts. */
async function networkExists(engine: Engine, network: string): Promise<void> {
  try {
    await engine.docker.getNetwork(network).inspect();
  } catch (e) {
    const code = (e as { statusCode?: number }).statusCode;
    if (code === 404) throw new GateError(`--runtime-network ${network}: no such network in the engine at ${engine.where}`, 2);
    throw new GateError(`--runtime-network ${network}: the engine at ${engine.where} could not be asked about it: ${engineMessage(e)}`, 3);
  }
}

/** Engine errors while creating the container are the user's (a network that does not exist) or the engine's. */
async function run(engine: Engine, start: () => Promise<ProbeFacts>, network: string): Promise<ProbeFacts> {
  try {
    return await start();
  } catch (e) {
    if (e instanceof GateError) throw e;
    const msg = engineMessage(e);
    if (/network .*not found/i.test(msg)) throw new GateError(`--runtime-network ${network}: ${msg}`, 2);
    throw new GateError(`the runtime sandbox could not be created at ${engine.where}: ${msg}`, 3);
  }
}
