/** CIS 3.1: the docker.service unit file is owned by root:root. */
import { hostCheck } from '../check.js';
import { ownerCheck } from '../../host/support.js';

export default hostCheck(ownerCheck({ role: 'docker-service', expected: 'root:root' }));
