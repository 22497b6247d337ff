/** CIS 4.1 on the image: the config's User decides who the container runs as; unset means root. */
import { configLocation } from '../../image/model.js';
import { imageCheck, pass } from '../check.js';

/** `root`, `0`, `0:0`, `root:root`, `00`, `0:1000`: the user part is root. */
export function isRoot(user: string): boolean {
  const name = user.split(':')[0].trim().toLowerCase();
  return name === 'root' || /^0+$/.test(name);
}

export default imageCheck((image) => {
  const user = image.config.User.trim();
  if (user === '') {
    return {
      findings: [
        {
          message: 'the image sets no user: its containers run as root',
          location: image.fallback,
          severity: 'medium',
          key: 'user:unset',
        },
      ],
    };
  }
  if (!isRoot(user)) return pass();
  return {
    findings: [
      {
        message: `the image runs as root: User "${user}"`,
        location: configLocation(image, 'USER'),
        key: `user:${user}`,
      },
    ],
  };
});
