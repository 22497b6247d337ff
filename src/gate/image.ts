/**
 * The image target: get the image (an archive, or through the engine: build it, or use/pull it), walk it into
 * an ImageModel, tie it to the Dockerfile (provenance), evaluate the image rules. Whatever the gate created in
 * the engine is removed before this returns, unless `keepImage`.
 */
import { dirname, join } from 'node:path';
import type { RuleMeta } from '../catalog/catalog.js';
import type { Check } from '../checks/check.js';
import type { Config } from '../config/config.js';
import type { DockerfileModel } from '../dockerfile/model.js';
import { parseImageRef } from '../dockerfile/image-ref.js';
import type { RegistryCredentials } from '../docker/auth.js';
import { buildImage } from '../docker/build.js';
import { connectEngine } from '../docker/client.js';
import { ensureImage } from '../docker/pull.js';
import { readEngineImage } from '../docker/save.js';
import { EngineSession } from '../docker/session.js';
import { imageAnchor, imageSubject, type ImageModel } from '../image/model.js';
import { withProvenance } from '../image/provenance.js';
import { ImageArchiveError, readImageArchive } from '../image/walk.js';
import type { ReportTarget } from '../report/report.js';
import { GateError } from '../types.js';
import { evaluate, type Evaluation, type EvaluateOptions } from './evaluate.js';
import { imagePathGlobs } from './rules.js';

export function evaluateImageModel(image: ImageModel, rules: RuleMeta[], checks: Record<string, Check>, options: EvaluateOptions = {}): Evaluation {
  // Image findings carry a key (what was found); the message is the fallback anchor, never the line.
  return evaluate('image', imageSubject(image.name), image, rules, checks, (_loc, raw) => raw.message, options);
}

/** The image target as the report lists it: named as its verdicts' subject, anchored on its Dockerfile's FROM line. */
export function imageTarget(image: ImageModel): ReportTarget {
  const anchor = imageAnchor(image);
  return { kind: 'image', name: imageSubject(image.name), ...(anchor ? { anchor } : {}) };
}

/** Does the config ask for an image target? */
export function wantsImage(config: Config): boolean {
  return Boolean(config.image || config.imageArchive || config.build);
}

/** The Dockerfile a build uses: the first --dockerfile, else <context>/Dockerfile. */
export function buildDockerfile(config: Config): string {
  return config.dockerfiles[0] ?? join(config.context ?? '.', 'Dockerfile');
}

function credentialsFor(config: Config, reference: string): RegistryCredentials | undefined {
  const r = config.registry;
  if (!r || (!r.username && !r.password)) return undefined;
  if (r.server) {
    const ref = parseImageRef(reference);
    const server = r.server.replace(/^https?:\/\//, '').replace(/\/.*$/, '').toLowerCase();
    const same = server === ref.registry || (ref.registry === 'docker.io' && /(^|\.)docker\.io$/.test(server));
    if (!same) return undefined;
  }
  return r.username ? { username: r.username, password: r.password } : { token: r.password };
}

/** Gets the image as the config says, without an engine for archives; the walk records paths matching `pathGlobs`. */
async function loadImage(config: Config, log: (line: string) => void, pathGlobs: string[]): Promise<{ image: ImageModel; session?: EngineSession }> {
  if (config.imageArchive) {
    try {
      return {
        image: await readImageArchive(config.imageArchive, {
          name: config.image ?? config.imageArchive,
          ...(config.image ? { reference: config.image } : {}),
          ...(config.platform ? { platform: config.platform } : {}),
          pathGlobs,
        }),
      };
    } catch (e) {
      if (e instanceof ImageArchiveError) throw new GateError(`--image-archive ${config.imageArchive}: ${e.message}`, 2);
      throw e;
    }
  }
  const session = new EngineSession(await connectEngine(), Boolean(config.keepImage), log);
  try {
    let id: string;
    let name: string;
    if (config.build) {
      const dockerfile = buildDockerfile(config);
      id = await buildImage(session, { context: config.context ?? dirname(dockerfile), dockerfile, buildArgs: config.buildArgs, target: config.target, platform: config.platform, network: config.buildNetwork }, log);
      name = config.image ?? `build of ${dockerfile}`;
    } else {
      name = config.image!;
      id = await ensureImage(session, name, config.pull ?? 'missing', credentialsFor(config, name), log);
    }
    return { image: await readEngineImage(session, id, name, config.platform, pathGlobs), session };
  } catch (e) {
    await session.cleanup();
    throw e;
  }
}

export async function scanImageTarget(
  config: Config,
  dockerfile: DockerfileModel | undefined,
  rules: RuleMeta[],
  checks: Record<string, Check>,
  log: (line: string) => void,
  /** Runs while the image is still in the engine (the runtime target), before what the gate created is removed. */
  use?: (image: ImageModel, session: EngineSession | undefined) => Promise<void>,
): Promise<Evaluation & { target: ReportTarget; image: ImageModel }> {
  const options: EvaluateOptions = { profile: config.profile, ruleOptions: config.ruleOptions, disabled: config.disabled };
  const { image, session } = await loadImage(config, log, imagePathGlobs(rules, checks, options));
  try {
    const model = withProvenance(image, dockerfile);
    if (dockerfile && model.provenance.reason) log(`image findings go on ${dockerfile.file}'s FROM line: ${model.provenance.reason}`);
    const result = evaluateImageModel(model, rules, checks, options);
    if (use) await use(model, session);
    return { ...result, target: imageTarget(model), image: model };
  } finally {
    await session?.cleanup();
  }
}
