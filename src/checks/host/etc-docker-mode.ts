/** CIS 3.6: /etc/docker has mode 755 or stricter. */
import { hostCheck } from '../check.js';
import { modeCheck } from '../../host/support.js';

export default hostCheck(modeCheck({ role: 'etc-docker', max: 0o755 }));
