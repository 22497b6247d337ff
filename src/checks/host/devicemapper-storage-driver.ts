/** CIS 2.7: the storage driver is not devicemapper. */
import { hostCheck } from '../check.js';
import { storageDriverCheck } from '../../host/support.js';

export default hostCheck(storageDriverCheck('devicemapper'));
