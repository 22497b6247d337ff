/** CIS 3.18: daemon.json has mode 644 or stricter. */
import { hostCheck } from '../check.js';
import { modeCheck } from '../../host/support.js';

export default hostCheck(modeCheck({ role: 'daemon-json', max: 0o644 }));
