/** CIS 3.13: the daemon's TLS key is owned by root:root. */
import { hostCheck } from '../check.js';
import { ownerCheck } from '../../host/support.js';

export default hostCheck(ownerCheck({ role: 'tls-key', expected: 'root:root' }));
