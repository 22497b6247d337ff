/** CIS 2.6: the storage driver is not aufs. */
import { hostCheck } from '../check.js';
import { storageDriverCheck } from '../../host/support.js';

export default hostCheck(storageDriverCheck('aufs'));
