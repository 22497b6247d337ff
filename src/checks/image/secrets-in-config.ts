/**
 * CIS 4.10 on the image: secrets in the config (Env, Labels) and in the history (build args recorded with a
 * RUN, ARG defaults, token-shaped values in any step). Values are shown redacted, never as they are.
 */
import { historyKeyword, runLine } from '../../image/history.js';
import { configLocation } from '../../image/model.js';
import { describeSecret, isLiteral, isMask, redact, secretValue, sensitiveName } from '../../secrets/detect.js';
import type { RawFinding } from '../../types.js';
import { imageCheck } from '../check.js';

/** Why a NAME=value pair is a secret, or undefined. */
function why(name: string, value: string): string | undefined {
  if (!value || isMask(value)) return undefined;
  const kind = secretValue(value);
  if (kind) return describeSecret(kind);
  if (sensitiveName(name) && isLiteral(value)) return 'a value under a secret name';
  return undefined;
}

export default imageCheck((image) => {
  const findings: RawFinding[] = [];
  for (const e of image.config.Env) {
    const eq = e.indexOf('=');
    const name = eq < 0 ? e : e.slice(0, eq);
    const value = eq < 0 ? '' : e.slice(eq + 1);
    const what = why(name, value);
    if (!what) continue;
    findings.push({
      message: `environment variable ${name} holds ${what} (${redact(value)}): anyone who pulls the image can read it`,
      location: configLocation(image, 'ENV', (h) => h.createdBy.includes(`${name}=`)),
      key: `env:${name}`,
    });
  }
  for (const [name, value] of Object.entries(image.config.Labels)) {
    const what = why(name, value);
    if (!what) continue;
    findings.push({
      message: `label ${name} holds ${what} (${redact(value)})`,
      location: configLocation(image, 'LABEL', (h) => h.createdBy.includes(name)),
      key: `label:${name}`,
    });
  }
  for (const h of image.history) {
    const keyword = historyKeyword(h.createdBy);
    if (keyword === 'ENV' || keyword === 'LABEL') continue; // reported from the config above
    const location = h.instruction?.location ?? image.fallback;
    const run = runLine(h.createdBy);
    const reported = new Set<string>();
    for (const [name, value] of run?.buildArgs ?? []) {
      const what = why(name, value);
      if (!what) continue;
      reported.add(value);
      findings.push({
        message: `build arg ${name} holds ${what} (${redact(value)}) and is recorded in the image history (entry ${h.index + 1}): use a secret mount instead`,
        location,
        key: `history-arg:${name}:${h.index}`,
      });
    }
    if (keyword === 'ARG') {
      const m = /ARG\s+([A-Za-z_][A-Za-z0-9_]*)=(\S+)/.exec(h.createdBy);
      const what = m && why(m[1], m[2]);
      if (m && what && !reported.has(m[2])) {
        reported.add(m[2]);
        findings.push({ message: `ARG ${m[1]} has a default that holds ${what} (${redact(m[2])}), recorded in the image history`, location, key: `history-argdefault:${m[1]}` });
      }
      continue;
    }
    const body = run?.body ?? h.createdBy;
    const kind = secretValue(body, { entropy: false });
    if (kind && ![...reported].some((v) => body.includes(v))) {
      findings.push({ message: `history entry ${h.index + 1} (${keyword}) contains ${describeSecret(kind)}: the build step is stored with the image`, location, key: `history:${h.index}:${kind}` });
    }
  }
  return { findings };
});
