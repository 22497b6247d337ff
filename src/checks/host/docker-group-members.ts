/** CIS 1.1.2: who can control the daemon through the socket's group; each member is listed (root-equivalent access). */
import { hostCheck, listOption, pass, skip } from '../check.js';

export default hostCheck((model, options) => {
  const group = model.socketGroup;
  if (!group) return skip(model.socketGroupUnknown ?? '/etc/group is not known');
  const trusted = listOption(options, 'trusted');
  const socket = model.files?.['docker-sock'].found.find((f) => f.exists)?.path ?? 'the Docker socket';
  const findings = group.members
    .filter((m) => !trusted.includes(m.user))
    .map((m) => ({
      message: `${m.user} can control the Docker daemon, which is root-equivalent: ${m.via === 'member' ? 'a member of' : 'its primary group is'} group ${group.name}, which can use ${socket}`,
      location: m.location,
      key: `member:${m.user}`,
    }));
  return findings.length ? { findings } : pass();
});
