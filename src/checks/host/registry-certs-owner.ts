/** CIS 3.7: everything under /etc/docker/certs.d is owned by root:root. */
import { hostCheck } from '../check.js';
import { ownerCheck } from '../../host/support.js';

export default hostCheck(ownerCheck({ role: 'registry-certs', expected: 'root:root' }));
