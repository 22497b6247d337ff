/** CIS 3.20: /etc/default/docker has mode 644 or stricter. */
import { hostCheck } from '../check.js';
import { modeCheck } from '../../host/support.js';

export default hostCheck(modeCheck({ role: 'etc-default-docker', max: 0o644 }));
