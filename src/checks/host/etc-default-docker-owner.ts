/** CIS 3.19: /etc/default/docker is owned by root:root. */
import { hostCheck } from '../check.js';
import { ownerCheck } from '../../host/support.js';

export default hostCheck(ownerCheck({ role: 'etc-default-docker', expected: 'root:root' }));
