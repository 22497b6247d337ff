/** CIS 3.17: daemon.json is owned by root:root. */
import { hostCheck } from '../check.js';
import { ownerCheck } from '../../host/support.js';

export default hostCheck(ownerCheck({ role: 'daemon-json', expected: 'root:root' }));
