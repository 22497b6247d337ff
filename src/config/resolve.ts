/**
 * The policy file and the edge's flags or inputs made into one Config. Flags and inputs win over the file, the
 * file over the defaults; the report records which value won and where it came from. Here the policy meets the
 * rule catalog (rule ids, aliases, options), the file system (targets, the baseline) and the custom rules; every
 * problem names the file, the line and the field (exit 2).
 */
import { resolve } from 'node:path';
import { aliasIndex, loadCatalog, type RuleMeta } from '../catalog/catalog.js';
import type { Profile } from '../gate/evaluate.js';
import { expandTargets, type PlannedTarget } from '../gate/targets.js';
import { readBaseline } from '../policy/baseline.js';
import type { ConfigSetting, RuleChange } from '../policy/apply.js';
import { compileCustomRules, type CustomRule } from '../policy/custom-rules.js';
import { scopeMatcher, type Waiver } from '../policy/waivers.js';
import type { FailOn } from '../policy/threshold.js';
import { GateError, type Severity } from '../types.js';
import type { Config } from './config.js';
import { findPolicyFile, loadPolicyFile, shownPath, throwProblems, type PolicyFile } from './file.js';
import type { PolicyProblem } from './schema.js';

/** The policy as a scan applies it (Config.policy). */
export interface Policy {
  /** The policy file, as shown; undefined when there is none (the settings are still recorded). */
  file?: string;
  settings: ConfigSetting[];
  ruleChanges: RuleChange[];
  /** Severity overrides per rule id. */
  severity: Record<string, Severity>;
  waivers: Waiver[];
  baseline?: { file: string; fingerprints: Set<string>; entries: number };
  /** The baseline file the policy names, as shown (also when it was not read: the baseline command writes it). */
  baselineFile?: string;
  customRules: CustomRule[];
  /** The targets of the policy file, expanded; empty when flags or inputs named what to scan. */
  targets: PlannedTarget[];
}

/** The settings an edge can set, and how it names them in messages (`--fail-on`, `input fail-on`). */
export type Given = Partial<Record<'failOn' | 'profile' | 'reportSeverity' | 'targets' | 'concurrency', string>>;

export const DEFAULTS = { failOn: 'high' as FailOn, profile: 'cis-level-1' as Profile, reportSeverity: 'info' as Severity, concurrency: 4 };

export interface ResolveOptions {
  /** Where paths in reports are relative to (the working directory). */
  cwd?: string;
  /** Where the policy file is looked for when none is named (the repository root). */
  root?: string;
  /** The baseline command records a new baseline: the configured one is not read. */
  ignoreBaseline?: boolean;
}

/** The policy file the config names, else the one at the root, else none. */
export function locatePolicyFile(config: Pick<Config, 'configFile'>, options: ResolveOptions = {}): PolicyFile | undefined {
  const cwd = options.cwd ?? process.cwd();
  const path = config.configFile ? resolve(cwd, config.configFile) : findPolicyFile(options.root ?? cwd);
  return path ? loadPolicyFile(path, cwd) : undefined;
}

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

function unknownRule(key: string, rules: RuleMeta[]): string {
  const close = rules
    .map((r) => ({ id: r.id, d: Math.min(distance(key.toLowerCase(), r.id), distance(key.toLowerCase(), r.id.split('/')[1] ?? r.id)) }))
    .filter((c) => c.d <= 3)
    .sort((a, b) => a.d - b.d)[0];
  return `is not a rule id or alias${close ? ` (did you mean ${close.id}?)` : ''}; see docs/rules.md`;
}

const kindOf = (v: unknown) => (Array.isArray(v) ? 'list' : v === null ? 'null' : typeof v === 'object' ? 'mapping' : typeof v);

/**
 * Applies the policy file (already loaded, or undefined) to a Config from an edge. `given` says which settings
 * the edge set itself (they win).
 */
export function resolvePolicy(config: Config, file: PolicyFile | undefined, options: ResolveOptions = {}): Config {
  const cwd = options.cwd ?? process.cwd();
  const given: Given = config.given ?? {};
  const problems: PolicyProblem[] = [];
  const catalog = loadCatalog();
  const problem = (segments: (string | number)[], path: string, message: string) => problems.push({ file: file!.file, line: file!.source.line(segments), path, message });

  // Custom rules first: rule keys and waivers may name them.
  const compiled = file ? compileCustomRules(file.customRules, new Set(catalog.map((r) => r.id))) : { rules: [], problems: [] };
  problems.push(...compiled.problems);
  const all = [...catalog, ...compiled.rules.map((r) => r.meta)];
  const aliases = aliasIndex(all);
  const meta = new Map(all.map((r) => [r.id, r]));

  // rules:
  const ruleOptions: Record<string, Record<string, unknown>> = { ...config.ruleOptions };
  const disabled = new Set(config.disabled);
  const severity: Record<string, Severity> = {};
  const ruleChanges: RuleChange[] = [];
  for (const spec of file?.rules ?? []) {
    const ids = aliases.get(spec.key.toLowerCase());
    const path = `rules.${spec.key}`;
    if (!ids) {
      problem(['rules', spec.key], path, unknownRule(spec.key, all));
      continue;
    }
    const changes: string[] = [];
    if (spec.off) {
      for (const id of ids) disabled.add(id);
      changes.push('off');
    }
    if (spec.severity) {
      for (const id of ids) severity[id] = spec.severity;
      changes.push(`severity ${spec.severity}`);
    }
    if (spec.options) {
      for (const id of ids) {
        const defaults = meta.get(id)?.options ?? {};
        for (const [name, value] of Object.entries(spec.options)) {
          const optPath = `${path}.options.${name}`;
          if (!(name in defaults)) {
            const known = Object.keys(defaults);
            problem(['rules', spec.key, 'options', name], optPath, known.length ? `is not an option of ${id} (its options: ${known.join(', ')})` : `${id} has no options`);
          } else if (kindOf(value) !== kindOf(defaults[name]) && defaults[name] !== null) {
            problem(['rules', spec.key, 'options', name], optPath, `must be a ${kindOf(defaults[name])}, as in the rule's default (see docs/rules.md)`);
          } else if (Array.isArray(value) && value.some((v) => typeof v === 'object' && v !== null)) {
            problem(['rules', spec.key, 'options', name], optPath, 'must be a list of strings or numbers');
          }
        }
        ruleOptions[id] = { ...(ruleOptions[id] ?? {}), ...spec.options };
      }
      changes.push(`options ${Object.keys(spec.options).join(', ')}`);
    }
    ruleChanges.push({ rule: spec.key, ids, change: changes.join(', ') || 'no change', where: `${file!.file}:${spec.line}` });
  }

  // waivers:
  const waivers: Waiver[] = [];
  for (const w of file?.waivers ?? []) {
    const ids = aliases.get(w.rule.toLowerCase());
    if (!ids) {
      problem(['waivers', w.index, 'rule'], `waivers[${w.index}].rule`, unknownRule(w.rule, all));
      continue;
    }
    if (/:0+$/.test(w.scope)) {
      problem(['waivers', w.index, 'scope'], `waivers[${w.index}].scope`, 'has line 0; lines start at 1');
      continue;
    }
    waivers.push({ ...w, ruleIds: ids, where: `${file!.file}:${w.line}`, covers: scopeMatcher(w.scope, file!.dir, cwd) });
  }

  // baseline:
  let baseline: Policy['baseline'];
  const baselineFile = file?.baseline ? shownPath(resolve(file.dir, file.baseline.value), cwd) : undefined;
  if (file?.baseline && !options.ignoreBaseline) {
    const abs = resolve(file.dir, file.baseline.value);
    const shown = baselineFile!;
    try {
      const b = readBaseline(abs, shown);
      baseline = { file: shown, fingerprints: new Set(b.findings.map((f) => f.fingerprint)), entries: b.findings.length };
    } catch (e) {
      if (!(e instanceof GateError)) throw e;
      problems.push({ file: file.file, line: file.baseline.line, path: 'baseline', message: e.message });
    }
  }

  // targets:
  let targets: PlannedTarget[] = [];
  if (file?.targets.length && !given.targets) {
    const expanded = expandTargets(file.targets, file.dir, cwd, file.file, (s) => file.source.line(s));
    problems.push(...expanded.problems);
    targets = expanded.targets;
  }
  throwProblems(problems);

  // Settings: given (flag or input) > policy file > default.
  const settings: ConfigSetting[] = [];
  const pick = <T extends string | number>(name: string, key: keyof Given, edge: T | undefined, fromFile: { value: T; line: number } | undefined, fallback: T): T => {
    const where = fromFile ? `${file!.file}:${fromFile.line}` : undefined;
    if (given[key] && edge !== undefined) {
      settings.push({ name, value: String(edge), source: given[key]!, ...(fromFile && String(fromFile.value) !== String(edge) ? { overridden: `${fromFile.value} (${where})` } : {}) });
      return edge;
    }
    if (fromFile) {
      settings.push({ name, value: String(fromFile.value), source: where! });
      return fromFile.value;
    }
    settings.push({ name, value: String(edge ?? fallback), source: 'default' });
    return edge ?? fallback;
  };
  const failOn = pick('fail-on', 'failOn', config.failOn, file?.failOn, DEFAULTS.failOn);
  const profile = pick('profile', 'profile', config.profile, file?.profile, DEFAULTS.profile);
  const reportSeverity = pick('report-severity', 'reportSeverity', config.reportSeverity, file?.reportSeverity, DEFAULTS.reportSeverity);
  const concurrency = pick('concurrency', 'concurrency', config.concurrency, file?.concurrency, DEFAULTS.concurrency);
  if (file?.targets.length) {
    settings.push(
      given.targets
        ? { name: 'targets', value: 'as given', source: given.targets, overridden: `${file.targets.length} targets (${file.file}:${file.source.line(['targets'])})` }
        : { name: 'targets', value: `${targets.length} (${targets.map((t) => t.name).join(', ')})`, source: `${file.file}:${file.source.line(['targets'])}` },
    );
  }
  if (file?.baseline) settings.push({ name: 'baseline', value: options.ignoreBaseline ? `${baselineFile} (not applied: recording a new one)` : baselineFile!, source: `${file.file}:${file.baseline.line}` });

  const policy: Policy = {
    ...(file ? { file: file.file } : {}),
    settings,
    ruleChanges,
    severity,
    waivers,
    ...(baseline ? { baseline } : {}),
    ...(baselineFile ? { baselineFile } : {}),
    customRules: compiled.rules,
    targets,
  };
  return {
    ...config,
    failOn,
    profile,
    reportSeverity,
    concurrency,
    ruleOptions,
    disabled: [...disabled],
    ...(file ? { configFile: file.file } : {}),
    policy,
  };
}
