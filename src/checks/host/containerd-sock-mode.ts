/** CIS 3.24: the containerd socket has mode 660 or stricter. */
import { hostCheck } from '../check.js';
import { modeCheck, socketSeverity } from '../../host/support.js';

export default hostCheck(modeCheck({ role: 'containerd-sock', max: 0o660, severity: socketSeverity }));
