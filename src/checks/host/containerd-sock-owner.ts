/** CIS 3.23: the containerd socket is owned by root:root. */
import { hostCheck } from '../check.js';
import { ownerCheck } from '../../host/support.js';

export default hostCheck(ownerCheck({ role: 'containerd-sock', expected: 'root:root' }));
