/** What the runtime rules need from the ImageModel: its config and the Dockerfile lines behind it. */
import { configLocation, type ImageModel } from '../image/model.js';
import type { ImageFacts } from './model.js';

export function imageFacts(image: ImageModel): ImageFacts {
  const expose: Record<string, ImageFacts['user']> = {};
  for (const port of image.config.ExposedPorts) {
    const bare = port.replace(/\/tcp$/, '');
    expose[port.includes('/') ? port : `${port}/tcp`] = configLocation(
      image,
      'EXPOSE',
      (h) => h.createdBy.includes(port) || new RegExp(`(^|[\\s\\[])${bare.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(/tcp)?([\\s:\\]]|$)`).test(h.createdBy),
    );
  }
  const cmd = configLocation(image, 'CMD');
  const entrypoint = configLocation(image, 'ENTRYPOINT');
  const last = (a: ImageFacts['user'], b: ImageFacts['user']) => (a === image.fallback ? b : b === image.fallback ? a : a.startLine >= b.startLine ? a : b);
  return {
    name: image.name,
    config: image.config,
    fallback: image.fallback,
    user: configLocation(image, 'USER'),
    healthcheck: configLocation(image, 'HEALTHCHECK'),
    command: last(cmd, entrypoint),
    expose,
  };
}
