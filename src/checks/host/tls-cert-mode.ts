/** CIS 3.12: the daemon's TLS certificate has mode 444 or stricter. */
import { hostCheck } from '../check.js';
import { modeCheck } from '../../host/support.js';

export default hostCheck(modeCheck({ role: 'tls-cert', max: 0o444 }));
