/** CIS 3.2: the docker.service unit file has mode 644 or stricter. */
import { hostCheck } from '../check.js';
import { modeCheck } from '../../host/support.js';

export default hostCheck(modeCheck({ role: 'docker-service', max: 0o644 }));
