/** CIS 3.15: the Docker socket is owned by root and the daemon's group (docker). */
import { hostCheck } from '../check.js';
import { ownerCheck, socketGroupNames } from '../../host/support.js';

export default hostCheck(ownerCheck({ role: 'docker-sock', expected: 'root:docker', groups: socketGroupNames }));
