/**
 * Waivers: exceptions written in the policy file, each for a rule (id or alias) in a scope (a Dockerfile path or
 * glob, optionally `:LINE`; an image name; `*`), with a reason and an expiry date, optionally an owner and a
 * ticket. A waived finding stays in the report, marked waived with its reason and owner.
 *
 * Expiry: `expires: 2025-06-30` applies through the end of 30 June 2025 in UTC and no longer from
 * 2025-07-01T00:00:00Z; the finding then counts again and the waiver is listed as expired. A waiver that matches
 * no finding is stale. The clock is injected (`now`), so the boundary is tested.
 */
import { isAbsolute, resolve } from 'node:path';
import picomatch from 'picomatch';
import { formatImageRef, tryParseImageRef } from '../dockerfile/image-ref.js';
import { imageNameOf, isImageSubject } from '../image/model.js';
import type { ReportTarget } from '../report/report.js';
import type { Finding } from '../types.js';
import type { WaiverFields, WaiverSpec } from '../config/file.js';

/** A waiver ready to match: its rule resolved to rule ids, its scope compiled. */
export interface Waiver extends WaiverSpec {
  /** The rule ids the `rule` field names (an alias can name several). */
  ruleIds: string[];
  /** `.cis-docker-gate.yml:14` */
  where: string;
  /** Does the scope cover this finding of this target? */
  covers(finding: Finding, target: ReportTarget | undefined): boolean;
}

export type WaiverStatus = 'applied' | 'stale' | 'expired';

/** What became of a waiver in a scan: in the JSON report (config.waivers) and the summary. */
export interface WaiverState extends WaiverFields {
  /** Where it is written: `.cis-docker-gate.yml:14`. */
  where: string;
  status: WaiverStatus;
  /** Findings in its scope: waived ones when applied; when expired, those that count again. */
  matched: number;
}

/** Today's date in UTC, `YYYY-MM-DD`. */
export function utcDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Expired when today (UTC) is after the expiry day: a waiver expiring today still applies today. */
export function isExpired(expires: string, now: Date): boolean {
  return utcDate(now) > expires;
}

/** Whole days from today (UTC) to the expiry day: 0 on the day itself, negative once expired. */
export function daysLeft(expires: string, now: Date): number {
  return Math.round((Date.parse(`${expires}T00:00:00Z`) - Date.parse(`${utcDate(now)}T00:00:00Z`)) / 86_400_000);
}

/** `nginx`, `docker.io/library/nginx:latest` and `library/nginx` name the same image. */
function normalImage(name: string): string | undefined {
  const ref = tryParseImageRef(name);
  if (!ref) return undefined;
  return formatImageRef(ref.tag === undefined && ref.digest === undefined ? { ...ref, tag: 'latest' } : ref);
}

const GLOB = /[*?[\]{}!]/;

/**
 * Compiles a scope. Paths and globs are relative to `dir` (the policy file's folder); report paths are relative
 * to `cwd` (where the scan ran).
 */
export function scopeMatcher(scope: string, dir: string, cwd: string): (finding: Finding, target: ReportTarget | undefined) => boolean {
  const s = scope.trim();
  if (s === '*') return () => true;
  // An image name: `image:NAME`, or any scope compared with the name of an image target.
  const explicitImage = isImageSubject(s);
  const imageName = imageNameOf(s);
  const imageGlob = GLOB.test(imageName) ? picomatch(imageName, { dot: true }) : undefined;
  const imageNormal = imageGlob ? undefined : normalImage(imageName);
  const isImage = (target: ReportTarget | undefined) => {
    if (target?.kind !== 'image') return false;
    const name = imageNameOf(target.name);
    if (name === imageName) return true;
    if (imageGlob) return imageGlob(name) || imageGlob(normalImage(name) ?? name);
    return imageNormal !== undefined && normalImage(name) === imageNormal;
  };
  if (explicitImage) return (_f, target) => isImage(target);

  // A Dockerfile path or glob, optionally :LINE.
  const m = /^(.*):(\d+)$/.exec(s);
  const path = m ? m[1] : s;
  const line = m ? Number(m[2]) : undefined;
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(dir, p));
  const pathGlob = GLOB.test(path) ? picomatch(abs(path).split('\\').join('/'), { dot: true }) : undefined;
  const wanted = pathGlob ? undefined : abs(path);
  const inFile = (f: Finding) => {
    if (!f.location.file || isImageSubject(f.location.file)) return false;
    const file = resolve(cwd, f.location.file);
    return pathGlob ? pathGlob(file.split('\\').join('/')) : file === wanted;
  };
  return (f, target) => {
    if (isImage(target)) return true;
    if (!inFile(f)) return false;
    return line === undefined || (f.location.startLine <= line && line <= Math.max(f.location.endLine, f.location.startLine));
  };
}

/**
 * Applies the waivers to open findings (first waiver in file order wins) and says what became of each. `targetOf`
 * gives the target a finding belongs to (for image scopes).
 */
export function applyWaivers(findings: Finding[], waivers: Waiver[], now: Date, targetOf: (f: Finding) => ReportTarget | undefined): WaiverState[] {
  const matched = waivers.map(() => 0);
  const expired = waivers.map((w) => isExpired(w.expires, now));
  for (const f of findings) {
    const target = targetOf(f);
    let applied = false;
    waivers.forEach((w, i) => {
      if (!w.ruleIds.includes(f.ruleId) || !w.covers(f, target)) return;
      matched[i]++;
      if (applied || expired[i] || f.status !== 'open') return;
      f.status = 'waived';
      f.statusReason = waiverReason(w);
      applied = true;
    });
  }
  return waivers.map((w, i) => ({
    rule: w.rule,
    scope: w.scope,
    reason: w.reason,
    expires: w.expires,
    ...(w.owner ? { owner: w.owner } : {}),
    ...(w.ticket ? { ticket: w.ticket } : {}),
    where: w.where,
    status: expired[i] ? 'expired' : matched[i] ? 'applied' : 'stale',
    matched: matched[i],
  }));
}

/** The reason a waived finding shows: the waiver's reason, then who, which ticket, until when, and where. */
export function waiverReason(w: Pick<Waiver, 'reason' | 'owner' | 'ticket' | 'expires' | 'where'>): string {
  const parts = [w.owner && `owner ${w.owner}`, w.ticket && `ticket ${w.ticket}`, `expires ${w.expires}`, `waiver ${w.where}`].filter(Boolean);
  return `${w.reason} (${parts.join(', ')})`;
}

/**
 * Waiver states of several reports of one policy (matrix jobs scanning one target each) put together: a waiver
 * is stale only when it matched nothing in any of them.
 */
export function mergeWaiverStates(lists: WaiverState[][]): WaiverState[] {
  const out = new Map<string, WaiverState>();
  for (const list of lists) {
    for (const w of list) {
      const key = `${w.where}\0${w.rule}\0${w.scope}`;
      const seen = out.get(key);
      if (!seen) out.set(key, { ...w });
      else {
        seen.matched += w.matched;
        if (w.status === 'expired') seen.status = 'expired';
      }
    }
  }
  for (const w of out.values()) if (w.status !== 'expired') w.status = w.matched ? 'applied' : 'stale';
  return [...out.values()];
}
