/**
 * The hardening trial: the image started a second time under the CIS-hardened profile (a non-root user when the
 * image defines one or --trial-user names one, read-only root filesystem with a tmpfs /tmp, every capability
 * dropped but the default ones the profile adds back, no-new-privileges, memory, CPU and PIDs limits). When it
 * starts, stays up and (with a healthcheck) turns healthy, the settings are proven, and the report carries them
 * as a compose snippet and as `docker run` options.
 */
import type { ImageModel } from '../image/model.js';
import type { HardeningTrial } from '../report/report.js';
import { isRootUser, type ProbeFacts, type RuntimeProfile } from './model.js';
import type { SandboxSpec } from './sandbox.js';
import { formatBytes } from './values.js';

/** The user the trial runs as: --trial-user, else a non-root user the profile or the image names or defines. */
export function trialUser(trialUserOption: string | undefined, profile: RuntimeProfile | undefined, image: ImageModel | undefined): { user?: string; note?: string } {
  if (trialUserOption) return { user: trialUserOption };
  if (profile?.user && !isRootUser(profile.user.value)) return { user: profile.user.value };
  if (image && !isRootUser(image.config.User)) return { user: image.config.User };
  const regular = image?.accounts.passwd?.entries.find((e) => e.id >= 1000 && e.id < 60000);
  if (regular) return { user: String(regular.id), note: `as ${regular.name} (uid ${regular.id}), the image's first regular account` };
  return { note: 'as root: the image defines no non-root user (name one with --trial-user)' };
}

const quote = (s: string) => (/^[A-Za-z0-9_./:=-]+$/.test(s) && !/^(true|false|yes|no|on|off|null|~|\d.*)$/i.test(s) ? s : JSON.stringify(s));

/** The proven settings, from the create options the trial actually ran with. */
export function provenSettings(spec: SandboxSpec, service = 'app'): { compose: string; runOptions: string[] } {
  const c = spec.create;
  const h = c.HostConfig ?? {};
  const compose: string[] = ['services:', `  ${service}:`];
  const run: string[] = [];
  if (c.User) {
    compose.push(`    user: ${quote(c.User)}`);
    run.push(`--user=${c.User}`);
  }
  if (h.ReadonlyRootfs) {
    compose.push('    read_only: true');
    run.push('--read-only');
  }
  const tmpfs = Object.entries(h.Tmpfs ?? {});
  if (tmpfs.length) {
    compose.push('    tmpfs:', ...tmpfs.map(([t, o]) => `      - ${quote(o ? `${t}:${o}` : t)}`));
    run.push(...tmpfs.map(([t, o]) => `--tmpfs=${o ? `${t}:${o}` : t}`));
  }
  if (h.CapDrop?.length) {
    compose.push(`    cap_drop: [${h.CapDrop.join(', ')}]`);
    run.push(...h.CapDrop.map((x: string) => `--cap-drop=${x}`));
  }
  if (h.CapAdd?.length) {
    compose.push(`    cap_add: [${h.CapAdd.join(', ')}]`);
    run.push(...h.CapAdd.map((x: string) => `--cap-add=${x}`));
  }
  if (h.SecurityOpt?.includes('no-new-privileges')) {
    compose.push('    security_opt:', '      - no-new-privileges:true');
    run.push('--security-opt=no-new-privileges');
  }
  if (h.Memory) {
    compose.push(`    mem_limit: ${formatBytes(h.Memory)}`);
    run.push(`--memory=${formatBytes(h.Memory)}`);
  }
  if (h.NanoCpus) {
    const cpus = String(h.NanoCpus / 1e9);
    compose.push(`    cpus: ${cpus.includes('.') ? cpus : `${cpus}.0`}`);
    run.push(`--cpus=${cpus}`);
  }
  if (h.PidsLimit) {
    compose.push(`    pids_limit: ${h.PidsLimit}`);
    run.push(`--pids-limit=${h.PidsLimit}`);
  }
  return { compose: compose.join('\n') + '\n', runOptions: run };
}

/** The verdict of the trial from what the sandbox saw. */
export function trialOutcome(facts: ProbeFacts, spec: SandboxSpec, service: string | undefined, userNote?: string): HardeningTrial {
  const settings = provenSettings(spec, service);
  const as = userNote ? ` It ran ${userNote}.` : '';
  if (facts.startError) return { succeeded: false, detail: `It did not start: ${facts.startError}.${as}`, ...settings };
  if (facts.exit) {
    const logs = facts.exit.logs.length ? ` Last log lines: ${facts.exit.logs.slice(-3).join(' ⏎ ')}` : '';
    return {
      succeeded: false,
      detail: `It exited with code ${facts.exit.code}${facts.exit.oomKilled ? ' (out of memory)' : ''} after ${(facts.exit.afterMs / 1000).toFixed(1)} s.${logs}${as}`,
      ...settings,
    };
  }
  if (spec.healthcheck) {
    const h = facts.health;
    if (!h || 'skipped' in h) return { succeeded: false, detail: `Its health could not be read (${h && 'skipped' in h ? h.skipped : 'no status'}).${as}`, ...settings };
    if (h.value.status === 'unhealthy') return { succeeded: false, detail: `It started but turned unhealthy${h.value.log.length ? ` (${h.value.log[h.value.log.length - 1]})` : ''}.${as}`, ...settings };
    if (h.value.status === 'starting') return { succeeded: false, detail: `It stayed up, but was still starting after ${Math.round(h.value.waitedMs / 1000)} s: not proven healthy.${as}`, ...settings };
    return { succeeded: true, detail: `It started, stayed up and turned healthy in ${(h.value.waitedMs / 1000).toFixed(1)} s.${as}`, ...settings };
  }
  return { succeeded: true, detail: `It started and stayed up (it has no healthcheck to prove more).${as}`, ...settings };
}
