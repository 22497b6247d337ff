/** CIS 3.21: /etc/sysconfig/docker has mode 644 or stricter. */
import { hostCheck } from '../check.js';
import { modeCheck } from '../../host/support.js';

export default hostCheck(modeCheck({ role: 'sysconfig-docker', max: 0o644 }));
