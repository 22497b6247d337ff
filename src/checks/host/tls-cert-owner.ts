/** CIS 3.11: the daemon's TLS certificate is owned by root:root. */
import { hostCheck } from '../check.js';
import { ownerCheck } from '../../host/support.js';

export default hostCheck(ownerCheck({ role: 'tls-cert', expected: 'root:root' }));
