/** CIS 5.7/5.9 from the image config: port 22 exposed, which usually means an SSH daemon in the container. */
import { configLocation } from '../../image/model.js';
import { imageCheck, pass } from '../check.js';

export default imageCheck((image) => {
  const ssh = image.config.ExposedPorts.filter((p) => p.split('/')[0] === '22');
  if (!ssh.length) return pass();
  return {
    findings: ssh.map((p) => ({
      message: `the image exposes ${p}, the SSH port: containers should not run sshd (use docker exec)`,
      location: configLocation(image, 'EXPOSE', (h) => /(^|[^0-9])22([/\s\]]|$)/.test(h.createdBy)),
      key: `port:${p}`,
    })),
  };
});
