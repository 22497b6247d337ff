/** CIS 3.3: the docker.socket unit file is owned by root:root. */
import { hostCheck } from '../check.js';
import { ownerCheck } from '../../host/support.js';

export default hostCheck(ownerCheck({ role: 'docker-socket-unit', expected: 'root:root' }));
