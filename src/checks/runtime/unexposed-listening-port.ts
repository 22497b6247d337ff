/**
 * CIS 5.9: ports the running container listens on compared with the ports it says it serves (EXPOSE in the
 * image, `expose:` and published container ports in the profile). Listening on a port nobody declared is a
 * finding; a declared port nobody listens on is reported as info. Sockets bound to loopback only cannot be
 * reached from outside the container and are not counted.
 */
import { containerLocation, probeCheck } from '../../runtime/judge.js';
import type { RawFinding } from '../../types.js';

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

interface Declared {
  protocol: string;
  start: number;
  end: number;
  text: string;
}

function parse(spec: string): Declared | undefined {
  const m = /^(\d+)(?:-(\d+))?(?:\/(\w+))?$/.exec(spec.trim());
  if (!m) return undefined;
  const start = Number(m[1]);
  return { start, end: m[2] ? Number(m[2]) : start, protocol: (m[3] ?? 'tcp').toLowerCase(), text: spec };
}

export default probeCheck(
  (f) => f.listening,
  (sockets, model, _options, facts) => {
    const declared: Declared[] = [];
    for (const p of model.image?.config.ExposedPorts ?? []) {
      const d = parse(p);
      if (d) declared.push(d);
    }
    for (const e of model.profile?.expose ?? []) {
      const d = parse(e.value);
      if (d) declared.push(d);
    }
    for (const p of model.profile?.ports ?? []) {
      const c = p.value.containerPort;
      declared.push({ protocol: p.value.protocol, start: c.start, end: c.end, text: `${c.start}/${p.value.protocol}` });
    }
    const open = new Map<string, string[]>();
    for (const s of sockets) {
      if (LOOPBACK.test(s.address)) continue;
      const key = `${s.port}/${s.protocol}`;
      open.set(key, [...(open.get(key) ?? []), s.address]);
    }
    const findings: RawFinding[] = [];
    for (const [key, addresses] of [...open].sort((a, b) => parseInt(a[0]) - parseInt(b[0]))) {
      const [port, protocol] = key.split('/');
      if (declared.some((d) => d.protocol === protocol && d.start <= Number(port) && Number(port) <= d.end)) continue;
      findings.push({
        message: `the container listens on ${key} (${[...new Set(addresses)].join(', ')}), which is not exposed: EXPOSE it if it is meant to be served, else turn it off`,
        location: containerLocation(model, (i) => i.command),
        key: `listening:${key}`,
      });
    }
    const exposed = new Map<string, Declared>();
    for (const d of declared) if (d.start === d.end) exposed.set(`${d.start}/${d.protocol}`, d);
    for (const [key] of exposed) {
      if (open.has(key)) continue;
      const location = model.image?.expose[key] ?? containerLocation(model);
      const waited = Math.round(facts.timeoutMs / 1000);
      findings.push({
        message: `${key} is exposed, but nothing listened on it while the container ran (checked after start-up, within ${waited} s): remove the EXPOSE if it is not served`,
        location,
        severity: 'info',
        key: `idle:${key}`,
      });
    }
    return { findings };
  },
);
