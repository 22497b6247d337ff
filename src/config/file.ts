/**
 * The policy file (.cis-docker-gate.yml): found, read, parsed with positions and validated against
 * schema/config.schema.json, with the custom rules it names (inline, a file, or a folder of files) validated
 * against schema/custom-rule.schema.json. Every problem is a GateError (exit 2) whose lines read
 * `.cis-docker-gate.yml:14 waivers[2].expires: must be a date (YYYY-MM-DD)`.
 *
 * Only the shape is checked here; what needs the rule catalog (rule ids, aliases, options) or the file system
 * beyond the policy's own files (targets, the baseline) is checked in resolve.ts, with the same messages.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Profile } from '../gate/evaluate.js';
import type { FailOn } from '../policy/threshold.js';
import { GateError, type Severity } from '../types.js';
import { formatProblem, schemaProblems, type PolicyProblem } from './schema.js';
import { parseYamlSource, YamlError, type YamlSource } from '../yaml/located.js';

/** The names looked for at the repository root when no file is named. */
export const POLICY_FILE_NAMES = ['.cis-docker-gate.yml', '.cis-docker-gate.yaml'];
export const MAX_POLICY_BYTES = 1024 * 1024;

/** A value and where it was written. */
export interface Located<T> {
  value: T;
  line: number;
}

export interface RuleSettingSpec {
  /** The key as written: a rule id, a custom rule id or an alias. */
  key: string;
  line: number;
  off: boolean;
  severity?: Severity;
  options?: Record<string, unknown>;
}

/** A waiver's fields as written (`waivers[]` of the policy file); what the report keeps of it too. */
export interface WaiverFields {
  rule: string;
  scope: string;
  reason: string;
  /** YYYY-MM-DD */
  expires: string;
  owner?: string;
  ticket?: string;
}

export interface WaiverSpec extends WaiverFields {
  index: number;
  line: number;
}

/** What a target of the policy file scans (`targets[]`, keys camel-cased); a planned target carries the same. */
export interface TargetSettings {
  dockerfile?: string;
  context?: string;
  target?: string;
  buildArgs?: Record<string, string>;
  build?: boolean;
  image?: string;
  imageArchive?: string;
  platform?: string;
  composeFile?: string;
  service?: string;
  runOptions?: string[];
}

export interface TargetSpec extends TargetSettings {
  index: number;
  line: number;
  name: string;
}

/** A custom rule as written, and where: inline in the policy file or in a file of its own. */
export interface CustomRuleSource {
  data: CustomRuleData;
  source: YamlSource;
  /** Path segments of the rule inside its source (`['custom-rules', 2]` inline, `[]` for a file of its own). */
  base: (string | number)[];
  /** How messages name the rule's fields: `custom-rules[2]` inline, empty for a file of its own. */
  prefix: string;
}

/** A custom rule, validated against schema/custom-rule.schema.json (see src/policy/custom-rules.ts). */
export interface CustomRuleData {
  id: string;
  severity: Severity;
  title: string;
  remediation: string;
  rationale?: string;
  cis?: string[];
  level?: 1 | 2;
  references?: string[];
  match: { dockerfile?: DockerfileMatchData; image?: ImageMatchData; runtime?: RuntimeMatchData };
  examples?: { bad?: CustomExample[]; good?: CustomExample[] };
}

export interface TextCondition {
  matches?: string;
  'not-matches'?: string;
}

export interface FlagCondition {
  present?: string | string[];
  absent?: string | string[];
}

export interface DockerfileMatchData {
  instruction?: string;
  stage?: 'final' | 'any';
  args?: TextCondition;
  flags?: FlagCondition;
  command?: string | string[] | { name: string | string[]; args?: TextCondition; flags?: FlagCondition };
  missing?: boolean;
}

export interface ImageMatchData {
  config?: string;
  exists?: boolean;
  matches?: string;
  'not-matches'?: string;
  file?: string | string[];
}

export interface RuntimeMatchData {
  setting: string;
  exists?: boolean;
  matches?: string;
  'not-matches'?: string;
}

export interface CustomExample {
  dockerfile?: string;
  image?: Record<string, unknown>;
  runtime?: Record<string, unknown>;
  target?: string;
  buildArgs?: Record<string, string>;
  note?: string;
  lines?: number[];
}

export interface PolicyFile {
  /** As shown in messages: relative to the working directory when inside it. */
  file: string;
  path: string;
  /** Relative paths in the file (targets, scopes, baseline, custom-rule files) are relative to this folder. */
  dir: string;
  source: YamlSource;
  profile?: Located<Profile>;
  failOn?: Located<FailOn>;
  reportSeverity?: Located<Severity>;
  concurrency?: Located<number>;
  rules: RuleSettingSpec[];
  targets: TargetSpec[];
  waivers: WaiverSpec[];
  baseline?: Located<string>;
  customRules: CustomRuleSource[];
}

/** Throws the problems as one GateError (exit 2), one line each. */
export function throwProblems(problems: PolicyProblem[]): void {
  if (!problems.length) return;
  const shown = problems.slice(0, 20).map(formatProblem);
  if (problems.length > 20) shown.push(`… and ${problems.length - 20} more problems`);
  throw new GateError(shown.join('\n'), 2);
}

/** A path as messages show it: relative to `cwd` when inside it. */
export function shownPath(abs: string, cwd = process.cwd()): string {
  const rel = relative(cwd, abs);
  return !rel || rel.startsWith('..') || isAbsolute(rel) ? abs : rel.split(sep).join('/');
}

/** The policy file at the root (`dir`), if there is one. */
export function findPolicyFile(dir: string): string | undefined {
  for (const name of POLICY_FILE_NAMES) {
    const p = join(dir, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** Reads a YAML file of the policy (the policy file, a custom rule file); problems are GateErrors (exit 2). */
export function readYamlFile(path: string, shown: string, what = 'the policy file'): YamlSource {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new GateError(`${shown}: cannot read ${what} (${code === 'ENOENT' ? 'no such file or directory' : (code ?? (e as Error).message)})`, 2);
  }
  if (st.isDirectory()) throw new GateError(`${shown}: is a directory, not ${what}`, 2);
  if (st.size > MAX_POLICY_BYTES) throw new GateError(`${shown}: ${what} is larger than ${MAX_POLICY_BYTES} bytes`, 2);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new GateError(`${shown}: cannot read ${what} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 2);
  }
  try {
    return parseYamlSource(text.replace(/^\uFEFF/, ''), shown);
  } catch (e) {
    if (e instanceof YamlError) throw new GateError(e.message, 2);
    throw e;
  }
}

/** Loads and validates the policy file at `path`. */
export function loadPolicyFile(path: string, cwd = process.cwd()): PolicyFile {
  const abs = resolve(cwd, path);
  const file = shownPath(abs, cwd);
  const source = readYamlFile(abs, file);
  const data = (source.data ?? {}) as Record<string, unknown>;
  throwProblems(schemaProblems('config.schema.json', data, source));
  const dir = dirname(abs);
  const at = (...segments: (string | number)[]) => source.line(segments);
  const located = <T>(key: string): Located<T> | undefined => (data[key] === undefined ? undefined : { value: data[key] as T, line: at(key) });

  const rules: RuleSettingSpec[] = Object.entries((data.rules ?? {}) as Record<string, unknown>).map(([key, v]) => {
    const line = at('rules', key);
    if (v === false || v === 'off') return { key, line, off: true };
    if (typeof v === 'string') return { key, line, off: false, severity: v as Severity };
    const o = v as { severity?: string; options?: Record<string, unknown> };
    return {
      key,
      line,
      off: o.severity === 'off',
      ...(o.severity && o.severity !== 'off' ? { severity: o.severity as Severity } : {}),
      ...(o.options ? { options: o.options } : {}),
    };
  });

  const waivers: WaiverSpec[] = ((data.waivers ?? []) as Record<string, string>[]).map((w, index) => ({
    index,
    line: at('waivers', index),
    rule: w.rule.trim(),
    scope: w.scope.trim(),
    reason: w.reason.trim(),
    expires: w.expires,
    ...(w.owner ? { owner: w.owner } : {}),
    ...(w.ticket ? { ticket: w.ticket } : {}),
  }));

  const targets: TargetSpec[] = ((data.targets ?? []) as Record<string, unknown>[]).map((t, index) => {
    const spec: TargetSpec = { index, line: at('targets', index), name: String(t.name) };
    const str = (k: string) => (typeof t[k] === 'string' ? (t[k] as string) : undefined);
    if (str('dockerfile')) spec.dockerfile = str('dockerfile');
    if (str('context')) spec.context = str('context');
    if (str('target')) spec.target = str('target');
    if (t['build-args']) spec.buildArgs = Object.fromEntries(Object.entries(t['build-args'] as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
    if (t.build !== undefined) spec.build = Boolean(t.build);
    if (str('image')) spec.image = str('image');
    if (str('image-archive')) spec.imageArchive = str('image-archive');
    if (str('platform')) spec.platform = str('platform');
    if (str('compose-file')) spec.composeFile = str('compose-file');
    if (str('service')) spec.service = str('service');
    if (Array.isArray(t['run-options'])) spec.runOptions = (t['run-options'] as unknown[]).map(String);
    return spec;
  });

  const customRules: CustomRuleSource[] = [];
  const problems: PolicyProblem[] = [];
  ((data['custom-rules'] ?? []) as unknown[]).forEach((entry, i) => {
    if (typeof entry !== 'string') {
      customRules.push({ data: entry as CustomRuleData, source, base: ['custom-rules', i], prefix: `custom-rules[${i}]` });
      return;
    }
    const target = resolve(dir, entry);
    const problem = (message: string) => problems.push({ file, line: at('custom-rules', i), path: `custom-rules[${i}]`, message });
    let st;
    try {
      st = statSync(target);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      problem(`cannot read ${entry} (${code === 'ENOENT' ? 'no such file or directory' : (code ?? (e as Error).message)})`);
      return;
    }
    const files = st.isDirectory()
      ? readdirSync(target)
          .filter((n) => /\.ya?ml$/i.test(n))
          .sort()
          .map((n) => join(target, n))
      : [target];
    if (!files.length) problem(`the folder ${entry} holds no .yml or .yaml file`);
    for (const f of files) {
      const ruleSource = readYamlFile(f, shownPath(f, cwd), 'a custom rule file');
      const found = schemaProblems('custom-rule.schema.json', ruleSource.data, ruleSource);
      if (found.length) problems.push(...found);
      else customRules.push({ data: ruleSource.data as CustomRuleData, source: ruleSource, base: [], prefix: '' });
    }
  });
  throwProblems(problems);

  return {
    file,
    path: abs,
    dir,
    source,
    profile: located<Profile>('profile'),
    failOn: located<FailOn>('fail-on'),
    reportSeverity: located<Severity>('report-severity'),
    concurrency: located<number>('concurrency'),
    rules,
    targets,
    waivers,
    baseline: located<string>('baseline'),
    customRules,
  };
}
