/** CIS 3.8: registry certificate files have mode 444 or stricter; private keys beside them (client.key) 400. */
import { hostCheck } from '../check.js';
import { isRegularFile, modeCheck } from '../../host/support.js';

export default hostCheck(modeCheck({ role: 'registry-certs', max: 0o444, maxFor: (f) => (f.path.endsWith('.key') ? 0o400 : undefined), filter: isRegularFile }));
