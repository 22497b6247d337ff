/**
 * Many targets: the `targets:` of the policy file planned (globs expanded to one target per Dockerfile), one
 * picked with --only, each scanned as its own Config with bounded concurrency, and the reports merged into one
 * (src/report/merge.ts, the same code `cis-docker-gate merge` runs, so a matrix fan-out and a single combined
 * scan give the same report).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import type { Config } from '../config/config.js';
import type { TargetSettings, TargetSpec } from '../config/file.js';
import { shownPath } from '../config/file.js';
import type { PolicyProblem } from '../config/schema.js';
import { mergeReports } from '../report/merge.js';
import type { Report } from '../report/report.js';
import { GateError } from '../types.js';

/** One target to scan, after globs are expanded. Paths are as the report shows them (relative to the working directory). */
export interface PlannedTarget extends TargetSettings {
  /** Unique: the target's name, or NAME:PATH for each file a glob matched. */
  name: string;
  /** The name written in the policy file (the same as name unless a glob expanded it). */
  group: string;
  kind: 'dockerfile' | 'image' | 'compose';
  /** Where it is written: `.cis-docker-gate.yml:21`. */
  where: string;
}

const SKIP_DIRS = new Set(['node_modules', '.git']);
const MAX_WALK_ENTRIES = 200_000;
const toPosix = (p: string) => p.split(sep).join('/');

/** Files under `root` (POSIX paths relative to it) that match a glob, sorted. */
function globFiles(root: string, pattern: string): string[] | string {
  const match = picomatch(pattern, { dot: true });
  const out: string[] = [];
  let seen = 0;
  const visit = (dir: string): string | undefined => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return undefined;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (++seen > MAX_WALK_ENTRIES) return `the glob would search more than ${MAX_WALK_ENTRIES} entries under ${root}; make it narrower`;
      const abs = join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) {
          const err = visit(abs);
          if (err) return err;
        }
      } else if (e.isFile()) {
        const rel = toPosix(relative(root, abs));
        if (match(rel)) out.push(rel);
      }
    }
    return undefined;
  };
  const err = visit(root);
  return err ?? out;
}

/**
 * Expands the policy's targets: paths relative to `dir` (the policy file's folder), shown relative to `cwd`.
 * Problems name the file, line and field.
 */
export function expandTargets(specs: TargetSpec[], dir: string, cwd: string, file: string, line: (segments: (string | number)[]) => number): { targets: PlannedTarget[]; problems: PolicyProblem[] } {
  const problems: PolicyProblem[] = [];
  const targets: PlannedTarget[] = [];
  const problem = (t: TargetSpec, field: string | undefined, message: string) =>
    problems.push({ file, line: line(field ? ['targets', t.index, field] : ['targets', t.index]), path: `targets[${t.index}]${field ? `.${field}` : ''}`, message });
  const names = new Map<string, number>();
  const dirShown = resolve(dir) === resolve(cwd) ? '.' : shownPath(dir, cwd);
  for (const t of specs) {
    const where = `${file}:${t.line}`;
    if (names.has(t.name)) problem(t, 'name', `"${t.name}" is also the name of targets[${names.get(t.name)}]; names must be unique`);
    names.set(t.name, t.index);
    if (!t.dockerfile && !t.image && !t.imageArchive && !t.composeFile) {
      problem(t, undefined, 'needs dockerfile, image, image-archive or compose-file');
      continue;
    }
    if (t.image && t.imageArchive) problem(t, 'image-archive', 'cannot be combined with image; give one of them');
    if (t.service && !t.composeFile) problem(t, 'service', 'names a service of compose-file, which is not set');
    if (t.build && !t.dockerfile) problem(t, 'build', 'needs a dockerfile to build from');
    if (t.build && (t.image || t.imageArchive)) problem(t, 'build', 'builds the image from the Dockerfile; it cannot be combined with image or image-archive');
    const path = (field: string, p: string | undefined, kind: 'file' | 'dir' | 'any'): string | undefined => {
      if (!p) return undefined;
      const abs = resolve(dir, p);
      if (!existsSync(abs)) {
        problem(t, field, `${p} does not exist (relative to ${dirShown})`);
        return undefined;
      }
      const isDir = statSync(abs).isDirectory();
      if (kind === 'file' && isDir) {
        if (field === 'dockerfile' && existsSync(join(abs, 'Dockerfile'))) return shownPath(join(abs, 'Dockerfile'), cwd);
        problem(t, field, `${p} is a directory; give a file`);
        return undefined;
      }
      if (kind === 'dir' && !isDir) {
        problem(t, field, `${p} is not a directory`);
        return undefined;
      }
      return shownPath(abs, cwd);
    };
    const base: Omit<PlannedTarget, 'name' | 'kind'> = {
      group: t.name,
      where,
      ...(t.target ? { target: t.target } : {}),
      ...(t.buildArgs ? { buildArgs: t.buildArgs } : {}),
      ...(t.build ? { build: true } : {}),
      ...(t.image ? { image: t.image } : {}),
      ...(t.platform ? { platform: t.platform } : {}),
      ...(t.service ? { service: t.service } : {}),
      ...(t.runOptions ? { runOptions: t.runOptions } : {}),
    };
    const imageArchive = path('image-archive', t.imageArchive, 'any');
    const composeFile = path('compose-file', t.composeFile, 'file');
    const context = path('context', t.context, 'dir');
    if (imageArchive) base.imageArchive = imageArchive;
    if (composeFile) base.composeFile = composeFile;
    const kind: PlannedTarget['kind'] = t.dockerfile ? 'dockerfile' : t.image || t.imageArchive ? 'image' : 'compose';
    const pattern = t.dockerfile && toPosix(isAbsolute(t.dockerfile) ? relative(dir, t.dockerfile) : t.dockerfile).replace(/^\.\//, '');
    if (pattern && picomatch.scan(pattern).isGlob) {
      if (t.context) problem(t, 'context', 'cannot be combined with a dockerfile glob: each Dockerfile is built in its own folder');
      if (t.image) problem(t, 'image', 'cannot be combined with a dockerfile glob: it names one image');
      const files = globFiles(dir, pattern);
      if (typeof files === 'string') problem(t, 'dockerfile', files);
      else if (!files.length) problem(t, 'dockerfile', `the glob ${t.dockerfile} matches no file under ${dirShown}`);
      else for (const rel of files) targets.push({ ...base, name: `${t.name}:${rel}`, kind, dockerfile: shownPath(join(dir, rel), cwd), ...(t.build ? { context: shownPath(dirname(join(dir, rel)), cwd) } : {}) });
      continue;
    }
    const dockerfile = path('dockerfile', t.dockerfile, 'file');
    if (t.dockerfile && !dockerfile) continue;
    targets.push({ ...base, name: t.name, kind, ...(dockerfile ? { dockerfile } : {}), ...(context ? { context } : {}) });
  }
  return { targets, problems };
}

/** The targets --only names: a target's name, or the name of a glob target (all of its files). */
export function selectTargets(targets: PlannedTarget[], only: string | undefined, where = '--only'): PlannedTarget[] {
  if (!only) return targets;
  const picked = targets.filter((t) => t.name === only || t.group === only);
  if (!picked.length) {
    const names = [...new Set(targets.flatMap((t) => (t.group === t.name ? [t.name] : [t.group, t.name])))];
    throw new GateError(`${where}: "${only}" is not a target of the policy file (targets: ${names.join(', ') || 'none'})`, 2);
  }
  return picked;
}

/** A name safe for artifact and file names: `svc:services/api/Dockerfile` -> `svc-services-api-Dockerfile`. */
export function slug(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'target';
}

/** `strategy.matrix` for a fan-out: `{"include":[{"target":"api","slug":"api","kind":"dockerfile",...}]}`. */
export function githubMatrix(targets: PlannedTarget[]): { include: Record<string, string>[] } {
  return {
    include: targets.map((t) => ({
      target: t.name,
      slug: slug(t.name),
      kind: t.kind,
      ...(t.dockerfile ? { dockerfile: t.dockerfile } : {}),
      ...(t.image ? { image: t.image } : {}),
      ...(t.composeFile ? { 'compose-file': t.composeFile } : {}),
      ...(t.service ? { service: t.service } : {}),
    })),
  };
}

/** The Config one target is scanned with: the base's policy and settings, the target's files and image. */
export function targetConfig(base: Config, t: PlannedTarget): Config {
  const config: Config = {
    ...base,
    dockerfiles: t.dockerfile ? [t.dockerfile] : [],
    target: t.target,
    buildArgs: { ...base.buildArgs, ...(t.buildArgs ?? {}) },
    hostAudit: false,
    policyTarget: t.name,
    ...(base.policy ? { policy: { ...base.policy, targets: [] } } : {}),
  };
  for (const k of ['image', 'imageArchive', 'build', 'context', 'platform', 'composeFile', 'service', 'runOptions'] as const) delete config[k];
  if (t.image) config.image = t.image;
  if (t.imageArchive) config.imageArchive = t.imageArchive;
  if (t.build) config.build = true;
  if (t.context) config.context = t.context;
  if (t.platform ?? base.platform) config.platform = t.platform ?? base.platform;
  if (t.composeFile) config.composeFile = t.composeFile;
  if (t.service) config.service = t.service;
  if (t.runOptions) config.runOptions = t.runOptions;
  return config;
}

/** Runs `task` over `items` with at most `limit` at a time; results in input order. */
export async function pool<T, R>(items: T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed: unknown;
  const worker = async () => {
    while (next < items.length && failed === undefined) {
      const i = next++;
      try {
        results[i] = await task(items[i], i);
      } catch (e) {
        failed ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failed !== undefined) throw failed;
  return results;
}

export const DEFAULT_CONCURRENCY = 4;

/**
 * Scans every planned target (or those --only picks) with `scanOne`, at most `concurrency` at a time, and
 * merges the reports. The host audit, when asked for, runs once, as a target of its own.
 */
export async function scanTargets(config: Config, log: (line: string) => void, scanOne: (config: Config, log: (line: string) => void) => Promise<Report>): Promise<Report> {
  const planned = selectTargets(config.policy?.targets ?? [], config.only);
  const jobs: { name?: string; config: Config; target?: PlannedTarget }[] = planned.map((t) => ({ name: t.name, config: targetConfig(config, t), target: t }));
  if (config.hostAudit) {
    jobs.push({ config: { ...targetConfig(config, { name: 'host', group: 'host', kind: 'dockerfile', where: '--host-audit' }), dockerfiles: [], hostAudit: true, policyTarget: undefined } });
  }
  const limit = config.concurrency ?? DEFAULT_CONCURRENCY;
  const reports = await pool(jobs, limit, async (job) => {
    const prefix = job.name ? `[${job.name}] ` : '';
    const report = await scanOne(job.config, (line) => log(`${prefix}${line}`));
    if (job.target) {
      requireKinds(job.target, report);
      report.targets = report.targets.map((t) => ({ ...t, policyTarget: job.target!.name }));
    }
    return report;
  });
  const merged = mergeReports(reports);
  if (config.only && merged.config) merged.config.only = planned.map((t) => t.name);
  return merged;
}

/** A target that asks for a kind of check this build cannot do must not pass silently. */
function requireKinds(t: PlannedTarget, report: Report): void {
  const kinds = new Set(report.targets.map((r) => r.kind));
  if ((t.image || t.imageArchive || t.build) && !kinds.has('image')) throw new GateError(`target ${t.name} (${t.where}): image checks are not available in this build`, 2);
  if ((t.composeFile || t.runOptions?.length) && !kinds.has('runtime')) throw new GateError(`target ${t.name} (${t.where}): runtime checks are not available in this build`, 2);
}
