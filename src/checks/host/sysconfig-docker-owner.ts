/** CIS 3.22: /etc/sysconfig/docker is owned by root:root. */
import { hostCheck } from '../check.js';
import { ownerCheck } from '../../host/support.js';

export default hostCheck(ownerCheck({ role: 'sysconfig-docker', expected: 'root:root' }));
