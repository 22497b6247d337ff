/** Helpers the host checks share: where a finding goes, engine facts, and the CIS 3.x owner/mode rules. */
import type { CheckOutcome, Location, RawFinding, Severity } from '../types.js';
import { excessPermissions, groupAllowed, octal, ownerText } from './files.js';
import { ENGINE_FILE, wholeFile, type FileFact, type FileRole, type HostModel } from './model.js';
import type { SettingEntry } from './settings.js';

export const engineLocation = (): Location => wholeFile(ENGINE_FILE);

/** The setting's own place when it was written down, else the engine. */
export function at(entry: SettingEntry | undefined): Location {
  return entry?.location ?? engineLocation();
}

/** `docker info` SecurityOptions (`name=seccomp,profile=default`, `name=userns`, ...), when the engine answered. */
export function securityOptions(model: HostModel): string[] | undefined {
  const v = model.engine?.info.SecurityOptions;
  return Array.isArray(v) ? v.map(String) : undefined;
}

/** A field of `docker info`, or undefined when the engine did not answer or does not report it. */
export function info<T = unknown>(model: HostModel, key: string): T | undefined {
  return model.engine?.info[key] as T | undefined;
}

export function outcome(findings: RawFinding[]): CheckOutcome {
  return { findings };
}

/** The files of a role that can be judged, or the reason none can. */
function judgeable(model: HostModel, role: FileRole, filter: (f: FileFact) => boolean = () => true): FileFact[] | string {
  if (!model.files) return model.filesUnavailable ?? "the engine's files are not visible from here";
  const rf = model.files[role];
  if (rf.notApplicable) return rf.notApplicable;
  if (!rf.found.length) return `not found: ${rf.looked.join(', ') || '(no path)'}`;
  const found = rf.found.filter(filter);
  if (!found.length) return []; // the folder exists and holds nothing this rule is about
  const ok = found.filter((f) => !f.error && f.uid !== undefined && f.mode !== undefined);
  if (!ok.length) return `cannot be examined: ${found.map((f) => `${f.path} (${f.error ?? 'no owner or mode'})`).join(', ')}`;
  return ok;
}

export interface OwnerRule {
  role: FileRole;
  /** Group names allowed besides root (the docker socket: the daemon's `group`, docker by default). */
  groups?: (model: HostModel) => string[];
  expected: string;
  filter?: (f: FileFact) => boolean;
}

/** CIS "ownership is set to root:root" (or root:docker): every existing file of the role must match. */
export function ownerCheck(rule: OwnerRule): (model: HostModel) => CheckOutcome {
  return (model) => {
    const files = judgeable(model, rule.role, rule.filter);
    if (typeof files === 'string') return { skip: files };
    const groups = ['root', ...(rule.groups?.(model) ?? [])];
    return outcome(
      files
        .filter((f) => f.uid !== 0 || !groupAllowed(f, groups))
        .map((f) => ({
          message: `${f.path} is owned by ${ownerText(f)}; expected ${rule.expected}`,
          location: wholeFile(f.path),
          key: `${rule.role}:${f.path}`,
        })),
    );
  };
}

export interface ModeRule {
  role: FileRole;
  /** The most permissive mode CIS allows (0o644 ...). */
  max: number;
  /** A stricter limit for some files (private keys beside certificates: 0o400). */
  maxFor?: (f: FileFact) => number | undefined;
  filter?: (f: FileFact) => boolean;
  /** A per-finding severity from the mode (the socket: others can write -> critical). */
  severity?: (mode: number) => Severity | undefined;
}

/** CIS "permissions are set to <max> or more restrictively": no bit beyond max, including setuid/setgid/sticky. */
export function modeCheck(rule: ModeRule): (model: HostModel) => CheckOutcome {
  return (model) => {
    const files = judgeable(model, rule.role, rule.filter);
    if (typeof files === 'string') return { skip: files };
    const findings: RawFinding[] = [];
    for (const f of files) {
      const max = rule.maxFor?.(f) ?? rule.max;
      const excess = excessPermissions(f.mode!, max);
      if (!excess.length) continue;
      findings.push({
        message: `${f.path} has mode ${octal(f.mode!)}: ${excess.join(', ')} (allowed at most ${octal(max)})`,
        location: wholeFile(f.path),
        key: `${rule.role}:${f.path}`,
        severity: rule.severity?.(f.mode!),
      });
    }
    return outcome(findings);
  };
}

/** The daemon's socket group (`--group`, docker by default). */
export function socketGroupNames(model: HostModel): string[] {
  const g = model.settings.first('group');
  return [g ? String(g.value) : 'docker'];
}

/** Registry certificate files (not the folders). */
export const isRegularFile = (f: FileFact): boolean => f.type === 'file' || f.type === undefined;

/** Socket modes: others can write = anyone on the machine controls the daemon. */
export function socketSeverity(mode: number): Severity | undefined {
  if (mode & 0o002) return 'critical';
  if (mode & 0o004) return 'medium';
  return 'low';
}

/** Where a setting that is not set at all is to be added: daemon.json when its state is known, else the engine. */
export function absentAt(model: HostModel): Location {
  const s = model.settings.configState;
  return s === 'parsed' || s === 'missing' ? model.settings.fixLocation : engineLocation();
}

/** CIS 2.6/2.7: the daemon must not use `driver` (aufs, devicemapper) as its storage driver. */
export function storageDriverCheck(driver: string): (model: HostModel) => CheckOutcome {
  return (model) => {
    const set = model.settings.first('storage-driver');
    const used = info<string>(model, 'Driver') ?? (set ? String(set.value) : undefined);
    if (!used) return { skip: `${model.engineUnavailable ?? 'the engine does not report its storage driver'}; no storage-driver is set` };
    if (used !== driver) return { findings: [] };
    return { findings: [{ message: `the daemon uses the ${driver} storage driver${set ? ` (${set.text})` : ''}`, location: at(set), key: 'storage-driver' }] };
  };
}
