/** CIS 3.16: the Docker socket has mode 660 or stricter; others can never write to it. */
import { hostCheck } from '../check.js';
import { modeCheck, socketSeverity } from '../../host/support.js';

export default hostCheck(modeCheck({ role: 'docker-sock', max: 0o660, severity: socketSeverity }));
