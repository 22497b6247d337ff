/** CIS 3.4: the docker.socket unit file has mode 644 or stricter. */
import { hostCheck } from '../check.js';
import { modeCheck } from '../../host/support.js';

export default hostCheck(modeCheck({ role: 'docker-socket-unit', max: 0o644 }));
