/** CIS 3.14: the daemon's TLS key has mode 400 or stricter. */
import { hostCheck } from '../check.js';
import { modeCheck } from '../../host/support.js';

export default hostCheck(modeCheck({ role: 'tls-key', max: 0o400 }));
