/** CIS 4.6 on the image: a healthcheck in the config; `NONE` is a decision and is reported as info only. */
import { configLocation } from '../../image/model.js';
import { imageCheck, pass } from '../check.js';

export default imageCheck((image) => {
  const hc = image.config.Healthcheck;
  if (!hc) {
    return { findings: [{ message: 'the image has no HEALTHCHECK: nothing tells the engine whether the container still works', location: image.fallback, key: 'healthcheck:missing' }] };
  }
  if (hc.Test[0]?.toUpperCase() === 'NONE') {
    return {
      findings: [
        {
          message: 'the image disables the healthcheck (HEALTHCHECK NONE)',
          location: configLocation(image, 'HEALTHCHECK'),
          severity: 'info',
          key: 'healthcheck:none',
        },
      ],
    };
  }
  return pass();
});
