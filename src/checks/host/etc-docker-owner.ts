/** CIS 3.5: /etc/docker is owned by root:root. */
import { hostCheck } from '../check.js';
import { ownerCheck } from '../../host/support.js';

export default hostCheck(ownerCheck({ role: 'etc-docker', expected: 'root:root' }));
