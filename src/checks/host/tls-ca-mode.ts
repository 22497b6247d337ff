/** CIS 3.10: the daemon's TLS CA certificate has mode 444 or stricter. */
import { hostCheck } from '../check.js';
import { modeCheck } from '../../host/support.js';

export default hostCheck(modeCheck({ role: 'tls-ca', max: 0o444 }));
