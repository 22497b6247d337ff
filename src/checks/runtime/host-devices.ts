/** CIS 5.18: host devices passed into the container. */
import { at, declaredCheck } from '../../runtime/judge.js';

export default declaredCheck((profile) => profile.devices.map((d) => at(d, `${d.source}: the host device ${d.value} is exposed to the container`)));
