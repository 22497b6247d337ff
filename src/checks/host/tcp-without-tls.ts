/**
 * CIS 2.8: a daemon listening on TCP verifies its clients' certificates (--tlsverify). `-H tcp://` without it
 * hands the daemon, root on the machine, to anyone who can reach the port: critical.
 */
import type { RawFinding } from '../../types.js';
import { hostCheck, pass, skip } from '../check.js';
import { engineLocation } from '../../host/support.js';
import { toBool } from '../../host/settings.js';

export default hostCheck((model) => {
  const s = model.settings;
  const tcp = s.entries('hosts').filter((e) => /^(tcp|http|https):\/\//.test(String(e.value)));
  const verifyEntry = s.first('tlsverify');
  const envVerify = s.environment?.DOCKER_TLS_VERIFY;
  const verify = verifyEntry ? toBool(verifyEntry.value) : Boolean(envVerify);
  const tlsEntry = s.first('tls');
  const tls = verify || (tlsEntry ? toBool(tlsEntry.value) : false);
  const findings: RawFinding[] = [];
  if (!verify) {
    const envNote = s.commandLine && s.environment === undefined ? " (the daemon's environment, where DOCKER_TLS_VERIFY could be set, is not readable)" : '';
    for (const h of tcp) {
      findings.push({
        message: tls
          ? `the daemon listens on ${String(h.value)} with TLS but does not verify client certificates (no --tlsverify): anyone who can reach the port controls the daemon${envNote}`
          : `the daemon listens on ${String(h.value)} without TLS (${h.text}): anyone who can reach the port controls the daemon, which is root on the machine${envNote}`,
        location: h.location,
        key: `host:${String(h.value)}`,
      });
    }
  }
  const ep = model.endpoint;
  if (!findings.length && ep.scheme === 'tcp' && !ep.tls && model.engine) {
    findings.push({
      message: `the engine answered this gate over plain TCP at ${ep.address}, without TLS: anyone who can reach that port controls the daemon`,
      location: engineLocation(),
      key: `endpoint:${ep.address}`,
    });
  }
  if (findings.length) return { findings };
  if (tcp.length) return pass(); // every TCP socket verifies clients
  if (ep.scheme === 'tcp' && ep.tls && !s.complete) {
    return skip(`the engine answers over TLS at ${ep.address}; whether it also verifies client certificates (--tlsverify) is only visible in its configuration`);
  }
  if (s.complete) return pass(); // no TCP socket at all
  return skip(`whether the daemon also listens on TCP is only visible in its configuration: ${s.incompleteReason}`);
});
