/** CIS 3.9: the daemon's TLS CA certificate is owned by root:root. */
import { hostCheck } from '../check.js';
import { ownerCheck } from '../../host/support.js';

export default hostCheck(ownerCheck({ role: 'tls-ca', expected: 'root:root' }));
