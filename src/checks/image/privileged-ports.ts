/** CIS 5.8 from the image config: ports below 1024 need NET_BIND_SERVICE (root's privilege) to listen on. */
import { configLocation } from '../../image/model.js';
import { imageCheck } from '../check.js';

export default imageCheck((image) => ({
  findings: image.config.ExposedPorts.filter((p) => {
    const n = Number(p.split('/')[0]);
    return Number.isInteger(n) && n > 0 && n < 1024 && n !== 22;
  }).map((p) => ({
    message: `the image exposes the privileged port ${p}: listening on it needs root or NET_BIND_SERVICE; use a port of 1024 or above`,
    location: configLocation(image, 'EXPOSE', (h) => new RegExp(`(^|[^0-9])${p.split('/')[0]}([/\\s\\]]|$)`).test(h.createdBy)),
    key: `port:${p}`,
  })),
}));
