/** Reading an image out of the engine: the `docker save` stream, walked as it arrives (never stored). */
import { GateError } from '../types.js';
import { ImageArchiveError, readImageTar } from '../image/walk.js';
import type { ImageModel } from '../image/model.js';
import { engineMessage } from './client.js';
import type { EngineSession } from './session.js';

/** `pathGlobs`: see ReadOptions.pathGlobs. */
export async function readEngineImage(session: EngineSession, id: string, name: string, platform?: string, pathGlobs?: readonly string[]): Promise<ImageModel> {
  let stream: NodeJS.ReadableStream;
  try {
    stream = await session.docker.getImage(id).get();
  } catch (e) {
    throw new GateError(`cannot export ${name} from the engine at ${session.engine.where}: ${engineMessage(e)}`, 3);
  }
  try {
    const model = await readImageTar(stream as unknown as import('node:stream').Readable, { name, ...(platform ? { platform } : {}), ...(pathGlobs?.length ? { pathGlobs } : {}) });
    return { ...model, id: model.id || id };
  } catch (e) {
    if (e instanceof ImageArchiveError) throw new GateError(`the engine's export of ${name} could not be read: ${e.message}`, 3);
    throw e;
  }
}
