/** Getting the image into the engine: use it when present, pull it when absent or when asked, with progress. */
import type { PullPolicy } from '../config/config.js';
import { familiarImageRef, ImageRefError, parseImageRef } from '../dockerfile/image-ref.js';
import { GateError } from '../types.js';
import { registryAuth, type RegistryCredentials } from './auth.js';
import { engineMessage } from './client.js';
import type { EngineSession } from './session.js';


interface PullEvent {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

/** Makes sure `reference` is in the engine; returns the image id. */
export async function ensureImage(
  session: EngineSession,
  reference: string,
  policy: PullPolicy,
  credentials: RegistryCredentials | undefined,
  log: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  let ref;
  try {
    ref = parseImageRef(reference);
  } catch (e) {
    if (e instanceof ImageRefError) throw new GateError(`--image: ${e.message}`, 2);
    throw e;
  }
  const docker = session.docker;
  const present = async () => {
    try {
      return (await docker.getImage(reference).inspect()).Id;
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode === 404) return undefined;
      throw new GateError(`cannot inspect ${reference} at ${session.engine.where}: ${engineMessage(e)}`, 3);
    }
  };
  const before = await present();
  if (before && policy !== 'always') return before;
  if (!before && policy === 'never') throw new GateError(`image ${reference} is not in the engine at ${session.engine.where}, and --pull is never`, 2);

  const auth = registryAuth(ref.registry, credentials, env);
  const name = familiarImageRef(ref);
  log(`pulling ${name} from ${ref.registry}${auth ? ' (with credentials)' : ''}`);
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker.pull(reference, auth ? { authconfig: auth } : {});
  } catch (e) {
    throw new GateError(`pulling ${name} failed: ${engineMessage(e)}`, 3);
  }
  const layers = new Map<string, { current: number; total: number; done: boolean }>();
  let last = Date.now();
  let failure: string | undefined;
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (err: Error | null) => (err ? reject(err) : resolve()),
      (ev: PullEvent) => {
        if (ev.error || ev.errorDetail) failure = ev.errorDetail?.message ?? ev.error;
        if (ev.id && ev.progressDetail?.total) layers.set(ev.id, { current: ev.progressDetail.current ?? 0, total: ev.progressDetail.total, done: false });
        if (ev.id && /^(Pull complete|Already exists|Download complete)/.test(ev.status ?? '')) {
          const l = layers.get(ev.id) ?? { current: 0, total: 0, done: true };
          layers.set(ev.id, { ...l, current: l.total, done: true });
        }
        if (Date.now() - last > 2000) {
          last = Date.now();
          const all = [...layers.values()];
          const total = all.reduce((a, l) => a + l.total, 0);
          const current = all.reduce((a, l) => a + l.current, 0);
          log(`pulling ${name}: ${all.filter((l) => l.done).length}/${all.length} layers, ${mb(current)} of ${mb(total)}`);
        }
      },
    );
  }).catch((e: Error) => {
    failure ??= engineMessage(e);
  });
  if (failure) throw new GateError(`pulling ${name} failed: ${failure}`, 3);
  const after = await present();
  if (!after) throw new GateError(`pulling ${name} finished but the engine does not have it`, 3);
  if (!before) session.track(after);
  log(`pulled ${name}`);
  return after;
}
