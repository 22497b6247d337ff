/**
 * Custom rules: rules written as data in the policy (schema/custom-rule.schema.json), turned into the same two
 * things a built-in rule is, a RuleMeta and a pure Check, so they run through the same evaluation, suppressions,
 * waivers, baseline, reports and example harness.
 *
 * A matcher describes what is wrong; the rule reports where it matches:
 *   dockerfile  instructions of a keyword (or commands inside RUN) in the final stage chain or any stage, with
 *               conditions on their arguments (regex matches / not-matches) and flags (present / absent);
 *               `missing: true` turns it into a requirement (reported on the final FROM when nothing matches)
 *   image       a field of the image config (`User`, `Env[]`, `Labels."org.opencontainers.image.source"`):
 *               exists / matches / not-matches; or a file glob that must not exist in the final filesystem (the
 *               check declares its globs, `pathGlobs`, and the image walk records the matching paths for it)
 *   runtime     a declared setting of the runtime profile (compose service or run options): exists / matches /
 *               not-matches; skipped with "no runtime profile" when none was scanned
 */
import type { RuleExample, RuleMeta } from '../catalog/catalog.js';
import { dockerfileCheck, imageCheck, skip, type Check } from '../checks/check.js';
import { commandLayers, decide, hasFlag, runCommands } from '../checks/support.js';
import { tryParseImageRef, formatImageRef } from '../dockerfile/image-ref.js';
import { allInstructions, finalInstructions, type DockerfileModel, type Instruction } from '../dockerfile/model.js';
import { substitute } from '../dockerfile/substitute.js';
import { configLocation, describeLayer, type ImageConfig, type ImageModel, type PathMatch } from '../image/model.js';
import { redact, secretValue, sensitiveName } from '../secrets/detect.js';
import type { CheckOutcome, Location, RawFinding, Target } from '../types.js';
import type { CustomRuleData, CustomRuleSource, FlagCondition, TextCondition } from '../config/file.js';
import { pathOf, type PolicyProblem } from '../config/schema.js';

export const BUILT_IN_PREFIXES = ['dockerfile', 'image', 'runtime', 'host'];

/** Why a runtime custom rule did not run: no runtime profile was scanned (or declared). */
export const NO_RUNTIME_PROFILE = 'no runtime profile';

export interface CustomRule {
  meta: RuleMeta;
  check: Check;
  /** Where it is written: `.cis-docker-gate.yml:30` or `policy/rules/label.yml:1`. */
  where: string;
}

// ------------------------------------------------------------------------------------------------------------
// Compiling: the semantic checks the schema cannot make (regexes, the id, combinations), with located messages.

interface Compiler {
  problems: PolicyProblem[];
  problem(segments: (string | number)[], message: string): void;
  regex(segments: (string | number)[], source: string | undefined): RegExp | undefined;
}

function compiler(src: CustomRuleSource): Compiler {
  const problems: PolicyProblem[] = [];
  const problem = (segments: (string | number)[], message: string) =>
    problems.push({ file: src.source.file, line: src.source.line([...src.base, ...segments]), path: pathOf(segments, src.prefix), message });
  return {
    problems,
    problem,
    regex(segments, source) {
      if (source === undefined) return undefined;
      try {
        return new RegExp(source, 'u');
      } catch (e) {
        problem(segments, `is not a valid regular expression: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`);
        return undefined;
      }
    },
  };
}

interface TextTest {
  matches?: RegExp;
  notMatches?: RegExp;
}

function textTest(c: Compiler, segments: (string | number)[], cond: TextCondition | undefined): TextTest | undefined {
  if (!cond) return undefined;
  return { matches: c.regex([...segments, 'matches'], cond.matches), notMatches: c.regex([...segments, 'not-matches'], cond['not-matches']) };
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Compiles every custom rule; problems (with file, line and path) are returned, not thrown. */
export function compileCustomRules(sources: CustomRuleSource[], builtInIds: ReadonlySet<string>): { rules: CustomRule[]; problems: PolicyProblem[] } {
  const rules: CustomRule[] = [];
  const problems: PolicyProblem[] = [];
  const seen = new Map<string, string>();
  for (const src of sources) {
    const c = compiler(src);
    const d = src.data;
    const prefix = d.id.split('/')[0];
    if (BUILT_IN_PREFIXES.includes(prefix)) c.problem(['id'], `uses the prefix ${prefix}/, which belongs to the built-in rules; choose your own (acme/...)`);
    else if (builtInIds.has(d.id)) c.problem(['id'], 'is already a built-in rule id');
    const where = `${src.source.file}:${src.source.line(src.base)}`;
    if (seen.has(d.id)) c.problem(['id'], `is defined twice (also at ${seen.get(d.id)})`);
    seen.set(d.id, where);
    const target = Object.keys(d.match)[0] as 'dockerfile' | 'image' | 'runtime';
    const check = target === 'dockerfile' ? compileDockerfile(c, d) : target === 'image' ? compileImage(c, d) : compileRuntime(c, d);
    checkExamples(c, d, target);
    problems.push(...c.problems);
    if (c.problems.length) continue;
    if (check) rules.push({ meta: metaOf(d, target, where), check, where });
  }
  return { rules, problems };
}

function metaOf(d: CustomRuleData, target: Target, where: string): RuleMeta {
  const example = (e: NonNullable<NonNullable<CustomRuleData['examples']>['bad']>[number]): RuleExample => ({ ...e }) as RuleExample;
  return {
    id: d.id,
    target,
    cis: d.cis ?? [],
    level: d.level ?? 1,
    severity: d.severity,
    title: d.title.trim(),
    rationale: (d.rationale ?? d.title).trim(),
    remediation: d.remediation.trim(),
    references: d.references ?? [],
    aliases: {},
    examples: { bad: (d.examples?.bad ?? []).map(example), good: (d.examples?.good ?? []).map(example) },
    file: where,
  };
}

function checkExamples(c: Compiler, d: CustomRuleData, target: string): void {
  for (const kind of ['bad', 'good'] as const) {
    (d.examples?.[kind] ?? []).forEach((e, i) => {
      const wrong = (['dockerfile', 'image', 'runtime'] as const).filter((k) => k !== target && e[k] !== undefined);
      if (wrong.length) c.problem(['examples', kind, i, wrong[0]], `is not an example for a ${target} rule`);
      else if (e[target as 'dockerfile'] === undefined) c.problem(['examples', kind, i], `needs ${target}: the ${target} the example is about`);
    });
  }
}

// ------------------------------------------------------------------------------------------------------------
// Dockerfile

interface FlagTest {
  present: string[];
  absent: string[];
}

function flagTest(cond: FlagCondition | undefined): FlagTest | undefined {
  if (!cond) return undefined;
  return { present: list(cond.present), absent: list(cond.absent) };
}

/** `--platform` / `platform` -> `platform`: instruction flags are named without dashes in the model. */
const bareFlag = (f: string) => f.replace(/^-+/, '').replace(/=.*$/, '').toLowerCase();

/** Does an argument list carry one of the flags (`--insecure`, `-k`; short flags also bundled: `-sk`)? */
function argsHaveFlag(args: string[], flag: string): boolean {
  if (flag.startsWith('--')) return hasFlag(args, [flag]);
  if (/^-[A-Za-z0-9]$/.test(flag)) return hasFlag(args, [], [flag.slice(1)]);
  return args.includes(flag) || args.some((a) => a.startsWith(`${flag}=`));
}

function describeRe(re: RegExp): string {
  return `/${re.source}/`;
}

/** The reasons a text satisfies a test, or undefined when it does not. */
function textReasons(what: string, text: string, t: TextTest | undefined): string[] | undefined {
  if (!t) return [];
  const reasons: string[] = [];
  if (t.matches) {
    if (!t.matches.test(text)) return undefined;
    reasons.push(`${what} match ${describeRe(t.matches)}`);
  }
  if (t.notMatches) {
    if (t.notMatches.test(text)) return undefined;
    reasons.push(`${what} do not match ${describeRe(t.notMatches)}`);
  }
  return reasons;
}

function flagReasons(has: (flag: string) => boolean, t: FlagTest | undefined): string[] | undefined {
  if (!t) return [];
  const reasons: string[] = [];
  if (t.present.length) {
    const given = t.present.filter(has);
    if (!given.length) return undefined;
    reasons.push(`has ${given.join(', ')}`);
  }
  if (t.absent.length) {
    if (t.absent.some(has)) return undefined;
    reasons.push(`lacks ${t.absent.join(', ')}`);
  }
  return reasons;
}

/** A value for a message: secrets redacted, long text shortened. */
function shown(text: string): string {
  const words = text.split(/(\s+)/).map((w) => (w.trim() && secretValue(w, { entropy: false }) ? redact(w) : w));
  const joined = words.join('');
  return joined.length > 120 ? `${joined.slice(0, 117)}…` : joined;
}

function compileDockerfile(c: Compiler, d: CustomRuleData): Check | undefined {
  const raw = d.match.dockerfile!;
  const command = typeof raw.command === 'string' || Array.isArray(raw.command) ? { name: raw.command } : raw.command;
  const m = { ...raw, command };
  const at = ['match', 'dockerfile'];
  const keyword = m.instruction?.toUpperCase();
  if (!keyword && !m.command) c.problem(at, 'needs instruction or command');
  if (m.command && keyword && keyword !== 'RUN') c.problem([...at, 'instruction'], `is ${keyword}, but command looks inside RUN; leave instruction out or make it RUN`);
  const args = textTest(c, [...at, 'args'], m.args);
  const flags = flagTest(m.flags);
  const cmdNames = list(m.command?.name).map((n) => n.slice(n.lastIndexOf('/') + 1));
  const cmdArgs = textTest(c, [...at, 'command', 'args'], m.command?.args);
  const cmdFlags = flagTest(m.command?.flags);
  if (c.problems.length) return undefined;
  const stageWord = m.stage === 'final' ? ' in the final stage' : '';

  return dockerfileCheck((model): CheckOutcome => {
    if (model.finalStage < 0) return skip('the Dockerfile has no stage');
    const instructions = m.stage === 'final' ? finalInstructions(model) : [...model.globalArgs, ...allInstructions(model)];
    const findings: RawFinding[] = [];
    const undecided: string[] = [];
    for (const ins of instructions) {
      if (m.command) {
        if (ins.keyword !== 'RUN') continue;
        const insFlags = flagReasons((f) => ins.flags.some((g) => g.name.toLowerCase() === bareFlag(f)), flags);
        if (!insFlags) continue;
        if (ins.shell?.error) undecided.push(`the RUN on line ${ins.location.startLine} is not valid shell, so its commands could not be checked`);
        for (const cmd of runCommands(ins)) {
          const layer = commandLayers(cmd).find((l) => cmdNames.includes(l.name));
          if (!layer) continue;
          const reasons = [textReasons('its arguments', layer.args.join(' '), cmdArgs), flagReasons((f) => argsHaveFlag(layer.args, f), cmdFlags)];
          if (reasons.some((r) => r === undefined)) continue;
          const why = [...insFlags, ...reasons.flat()];
          findings.push({
            message: `RUN runs ${shown([layer.name, ...layer.args].join(' '))}${stageWord}${why.length ? ` (${why.join('; ')})` : ''}`,
            location: cmd.location,
          });
        }
        continue;
      }
      if (ins.keyword !== keyword) continue;
      const text = argsText(model, ins);
      if ('skip' in text) {
        if (text.skip) undecided.push(text.skip);
        continue;
      }
      const reasons = [textReasons('the arguments', text.value, args), flagReasons((f) => ins.flags.some((g) => g.name.toLowerCase() === bareFlag(f)), flags)];
      if (reasons.some((r) => r === undefined)) continue;
      const why = reasons.flat();
      findings.push({
        message: `${ins.keyword} ${shown(text.shown)}${stageWord}${why.length ? ` (${why.join('; ')})` : ''}`,
        location: ins.location,
        key: `${ins.keyword} ${text.value}`,
      });
    }
    if (m.missing) {
      if (findings.length) return { findings: [] };
      if (undecided.length) return skip(undecided.join('; '));
      const final = model.stages[model.finalStage];
      const what = m.command ? `no RUN runs ${cmdNames.join(' or ')}` : `no ${keyword}`;
      const conds = [m.args?.matches && `matching /${m.args.matches}/`, m.args?.['not-matches'] && `not matching /${m.args['not-matches']}/`].filter(Boolean);
      return { findings: [{ message: `${what}${conds.length ? ` ${conds.join(' and ')}` : ''}${stageWord || ' in any stage'}`, location: final.from.location, key: 'missing' }] };
    }
    return decide(findings, undecided);
  });
}

/**
 * The text an instruction's conditions are tested on: its arguments after its flags with ARGs substituted
 * (RUN as written: the shell expands it, not Docker); for FROM the image reference, fully qualified
 * (docker.io/library/node:20). A FROM of an earlier stage or scratch is not an image and is not matched.
 */
function argsText(model: DockerfileModel, ins: Instruction): { value: string; shown: string } | { skip: string | undefined } {
  if (ins.keyword === 'FROM') {
    const stage = model.stages[ins.stageIndex];
    if (!stage || stage.parentStage !== undefined) return { skip: undefined };
    const resolved = stage.baseImageResolved;
    if (resolved === undefined) return { skip: `FROM ${stage.baseImage} on line ${ins.location.startLine} depends on an ARG with no value here; pass it with --build-arg` };
    if (resolved === 'scratch') return { skip: undefined };
    const ref = tryParseImageRef(resolved);
    const value = ref ? formatImageRef(ref) : resolved;
    return { value, shown: resolved === stage.baseImage ? resolved : `${stage.baseImage} (= ${resolved})` };
  }
  if (ins.jsonForm) return { value: (ins.json ?? []).join(' '), shown: (ins.json ?? []).join(' ') };
  if (ins.keyword === 'RUN') return { value: ins.argv.join(' '), shown: ins.argv.join(' ') };
  const words: string[] = [];
  for (const w of ins.argv) {
    const s = substitute(w, ins.env, model.escape);
    if (s.unresolved.length) return { skip: `${ins.keyword} on line ${ins.location.startLine} uses ${s.unresolved.join(', ')}, which has no value here` };
    words.push(s.value);
  }
  return { value: words.join(' '), shown: ins.argv.join(' ') };
}

// ------------------------------------------------------------------------------------------------------------
// Image

/** One step of a config field path: a name, and whether it is a list to look into (`Env[]`). */
interface Step {
  name: string;
  each: boolean;
}

/** `Labels."org.opencontainers.image.source"` -> [Labels, org.opencontainers.image.source]; `Env[]` marks a list. */
export function parseFieldPath(path: string): Step[] | string {
  const steps: Step[] = [];
  let i = 0;
  while (i < path.length) {
    let name = '';
    if (path[i] === '"') {
      i++;
      while (i < path.length && path[i] !== '"') {
        if (path[i] === '\\' && i + 1 < path.length) i++;
        name += path[i++];
      }
      if (path[i] !== '"') return 'has an unclosed quote';
      i++;
    } else {
      while (i < path.length && path[i] !== '.' && path[i] !== '[') name += path[i++];
    }
    if (!name) return 'has an empty part';
    let each = false;
    if (path.startsWith('[]', i)) {
      each = true;
      i += 2;
    }
    steps.push({ name, each });
    if (i < path.length) {
      if (path[i] !== '.') return `has "${path[i]}" where a dot was expected`;
      i++;
      if (i === path.length) return 'ends with a dot';
    }
  }
  return steps.length ? steps : 'is empty';
}

/** The Dockerfile instruction that sets each config field (where a finding about its value belongs). */
const FIELD_KEYWORD: Record<string, string> = {
  User: 'USER',
  Env: 'ENV',
  Labels: 'LABEL',
  ExposedPorts: 'EXPOSE',
  Healthcheck: 'HEALTHCHECK',
  Cmd: 'CMD',
  Entrypoint: 'ENTRYPOINT',
  WorkingDir: 'WORKDIR',
  Volumes: 'VOLUME',
};

interface FieldValue {
  /** The value tested (`NAME=value` for Env items and `key=value` for mappings). */
  value: string;
  /** How a message shows it (secrets redacted). */
  shown: string;
  /** What the fingerprint is anchored on (never a secret). */
  key: string;
}

/** The values a path selects: undefined when the field is not set (absent, empty string, empty list). */
function select(config: ImageConfig, steps: Step[]): { list: boolean; values: FieldValue[] } {
  let current: unknown[] = [config];
  let isList = false;
  let envLike = false;
  for (const step of steps) {
    const next: unknown[] = [];
    for (const c of current) {
      if (!c || typeof c !== 'object' || Array.isArray(c)) continue;
      const v = (c as Record<string, unknown>)[step.name];
      if (v === undefined || v === null) continue;
      if (step.each) {
        if (Array.isArray(v)) next.push(...v);
        else if (typeof v === 'object') next.push(...Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k}=${String(x)}`));
        else next.push(v);
      } else next.push(v);
    }
    if (step.each) isList = true;
    if (step.name === 'Env') envLike = true;
    current = next;
  }
  const values: FieldValue[] = [];
  for (const v of current) {
    if (v === '' || v === undefined) continue;
    if (Array.isArray(v)) {
      if (v.length) values.push(...v.map((x) => fieldValue(String(x), envLike)));
      continue;
    }
    if (typeof v === 'object') {
      if (Object.keys(v as object).length) values.push(fieldValue(JSON.stringify(v), false));
      continue;
    }
    values.push(fieldValue(String(v), envLike));
  }
  return { list: isList, values };
}

function fieldValue(value: string, env: boolean): FieldValue {
  if (env && value.includes('=')) {
    const name = value.slice(0, value.indexOf('='));
    const v = value.slice(value.indexOf('=') + 1);
    return { value, shown: `${name}=${v && (sensitiveName(name) || secretValue(v)) ? redact(v) : shown(v)}`, key: `Env:${name}` };
  }
  return { value, shown: shown(value), key: value };
}

function compileImage(c: Compiler, d: CustomRuleData): Check | undefined {
  const m = d.match.image!;
  const at = ['match', 'image'];
  const conditions = (['exists', 'matches', 'not-matches'] as const).filter((k) => m[k] !== undefined);
  if (m.config === undefined && m.file === undefined) c.problem(at, 'needs config (a field of the image config) or file (a glob)');
  if (m.config !== undefined && m.file !== undefined) c.problem([...at, 'file'], 'cannot be combined with config; write two rules');
  if (m.file !== undefined && conditions.length) c.problem([...at, conditions[0]], 'does not apply to file: a file rule reports every matching file');
  if (m.config !== undefined && conditions.length !== 1) c.problem(at, conditions.length ? `has ${conditions.join(' and ')}: give exactly one condition` : 'needs one condition: exists, matches or not-matches');
  let steps: Step[] | undefined;
  if (m.config !== undefined) {
    const parsed = parseFieldPath(m.config);
    if (typeof parsed === 'string') c.problem([...at, 'config'], `${parsed} (e.g. User, Env[], Labels."org.opencontainers.image.source")`);
    else steps = parsed;
  }
  const matches = c.regex([...at, 'matches'], m.matches);
  const notMatches = c.regex([...at, 'not-matches'], m['not-matches']);
  const globs = list(m.file);
  for (const [i, g] of globs.entries()) if (!g.startsWith('/')) c.problem([...at, 'file', ...(Array.isArray(m.file) ? [i] : [])], 'must be an absolute path or glob (/usr/bin/curl, /root/.ssh/**)');
  if (c.problems.length) return undefined;

  if (globs.length) return { ...imageCheck((image) => imageFiles(image, globs)), pathGlobs: globs };
  const path = m.config!;
  const keyword = FIELD_KEYWORD[steps![0].name];
  return imageCheck((image): CheckOutcome => {
    const { list: isList, values } = select(image.config, steps!);
    const here = (): Location => (keyword ? configLocation(image, keyword) : image.fallback);
    if (m.exists === true) return { findings: values.length ? [{ message: `image config ${path} is set${isList ? ` (${values.length} ${values.length === 1 ? 'item' : 'items'})` : ` to "${values[0].shown}"`}`, location: here(), key: 'exists' }] : [] };
    if (m.exists === false) return { findings: values.length ? [] : [{ message: `image config ${path} is not set`, location: image.fallback, key: 'missing' }] };
    if (matches) {
      return {
        findings: values
          .filter((v) => matches.test(v.value))
          .map((v) => ({ message: `image config ${path}${isList ? ' has' : ' is'} "${v.shown}", which matches ${describeRe(matches)}`, location: here(), key: v.key })),
      };
    }
    const re = notMatches!;
    if (isList) {
      return { findings: values.some((v) => re.test(v.value)) ? [] : [{ message: `no item of image config ${path} matches ${describeRe(re)}${values.length ? '' : ' (it is empty)'}`, location: image.fallback, key: 'none' }] };
    }
    const v = values[0];
    if (v && re.test(v.value)) return { findings: [] };
    if (!v && re.test('')) return { findings: [] };
    return { findings: [{ message: v ? `image config ${path} is "${v.shown}", which does not match ${describeRe(re)}` : `image config ${path} is not set, so it does not match ${describeRe(re)}`, location: v ? here() : image.fallback, key: v?.key ?? 'unset' }] };
  });
}

/**
 * Files in the final filesystem matching the globs, from the paths the image walk recorded for them
 * (ImageModel.paths). Only the final filesystem counts: a file a later layer deleted is not a finding, though its
 * bytes stay in the layer that added it (dockerfile and image rules about secrets look at those). A finding goes on
 * the Dockerfile line that added the file (the layer's instruction, through provenance). The rule skips when the
 * walk did not record the globs (a model built without them) or when it kept only part of the matches and none
 * of the kept ones is in the final filesystem.
 */
function imageFiles(image: ImageModel, globs: string[]): CheckOutcome {
  if (!image.walked) return skip('the image filesystem was not read (config only)');
  const missing = globs.filter((g) => !image.paths?.globs.includes(g));
  if (missing.length) return skip(`the image walk did not record the paths matching ${missing.join(', ')}, so it cannot tell whether such files exist`);
  const paths = image.paths!;
  const found = new Map<string, PathMatch>();
  for (const g of globs) for (const m of paths.matches[g] ?? []) if (!found.has(m.path)) found.set(m.path, m);
  const dropped = globs.reduce((n, g) => n + (paths.dropped[g] ?? 0), 0);
  if (!found.size && dropped) {
    return skip(`the image walk kept only the first matches of ${globs.join(', ')} (${dropped} more not kept), and none of those is in the final filesystem`);
  }
  const findings: RawFinding[] = [...found.values()].map((m, i) => {
    const what = m.type === 'dir' ? 'directory ' : m.type === 'symlink' ? 'symlink ' : '';
    const changed = m.layer !== m.addedIn ? `, last changed in ${describeLayer(image, m.layer)}` : '';
    const more = i === 0 && dropped ? ` (${dropped} more matching ${dropped === 1 ? 'entry was' : 'entries were'} not listed)` : '';
    return {
      message: `${what}${m.path} is in the final filesystem, added in ${describeLayer(image, m.addedIn)}${changed}${more}`,
      location: image.layers[m.addedIn - 1]?.instruction?.location ?? image.fallback,
      key: m.path,
    };
  });
  return { findings };
}

// ------------------------------------------------------------------------------------------------------------
// Runtime

/** Compose and `docker run` spellings of the runtime profile's settings (the profile names them in camelCase). */
const SETTING_ALIASES: Record<string, string> = {
  network_mode: 'network',
  net: 'network',
  mem_limit: 'memory',
  pids_limit: 'pidsLimit',
  read_only: 'readOnly',
  volumes: 'mounts',
  mount: 'mounts',
  publish: 'ports',
  cap_add: 'capAdd',
  cap_drop: 'capDrop',
  security_opt: 'securityOpt',
  ulimit: 'ulimits',
  health: 'healthcheck',
};

const camel = (name: string) => SETTING_ALIASES[name] ?? name.replace(/[-_]([a-z])/g, (_, c: string) => c.toUpperCase());

/** A declared value as text: `true`, `NET_ADMIN`, `seccomp=unconfined`, `/:/host`. */
function settingText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return v.map(settingText).join(' ');
  const o = v as Record<string, unknown>;
  if ('key' in o && 'value' in o) return `${String(o.key)}=${String(o.value)}`;
  if ('target' in o && 'type' in o) return `${o.source ? `${String(o.source)}:` : ''}${String(o.target)}${o.readOnly ? ':ro' : ''}`;
  return JSON.stringify(o);
}

interface Declared {
  value: unknown;
  location?: Location;
  source?: string;
}

const isDeclared = (v: unknown): v is Declared => !!v && typeof v === 'object' && 'value' in (v as object) && 'location' in (v as object);

function compileRuntime(c: Compiler, d: CustomRuleData): Check | undefined {
  const m = d.match.runtime!;
  const at = ['match', 'runtime'];
  const conditions = (['exists', 'matches', 'not-matches'] as const).filter((k) => m[k] !== undefined);
  if (conditions.length !== 1) c.problem(at, conditions.length ? `has ${conditions.join(' and ')}: give exactly one condition` : 'needs one condition: exists, matches or not-matches');
  const parsed = parseFieldPath(m.setting);
  if (typeof parsed === 'string') c.problem([...at, 'setting'], parsed);
  const matches = c.regex([...at, 'matches'], m.matches);
  const notMatches = c.regex([...at, 'not-matches'], m['not-matches']);
  if (c.problems.length) return undefined;
  const steps = (parsed as Step[]).map((s, i) => (i === 0 ? { ...s, name: camel(s.name) } : s));
  const setting = m.setting;
  // The runtime target's checks receive a RuntimeModel; its `profile` holds the declared settings.
  const check = (model: { profile?: Record<string, unknown> & { anchor?: Location } }): CheckOutcome => {
    const profile = model?.profile;
    if (!profile) return skip(NO_RUNTIME_PROFILE);
    const anchor = profile.anchor ?? { file: String(profile.file ?? 'runtime'), startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
    let current: unknown[] = [profile];
    let isList = false;
    for (const step of steps) {
      const next: unknown[] = [];
      for (const cur of current) {
        const obj = isDeclared(cur) ? cur.value : cur;
        if (!obj || typeof obj !== 'object') continue;
        const v = (obj as Record<string, unknown>)[step.name];
        if (v === undefined || v === null) continue;
        if (Array.isArray(v)) {
          isList = true;
          next.push(...v);
        } else next.push(v);
      }
      current = next;
    }
    const values = current
      .map((v) => ({ text: settingText(isDeclared(v) ? v.value : v), location: isDeclared(v) ? v.location : undefined, source: isDeclared(v) ? v.source : undefined }))
      .filter((v) => v.text !== '');
    const where = (v?: { location?: Location }) => v?.location ?? anchor;
    const sets = (v: { text: string; source?: string }) => (v.source ? `declares ${shown(v.source)}` : `sets ${setting} to ${shown(v.text)}`);
    if (m.exists === true) return { findings: values.map((v) => ({ message: `the runtime profile ${sets(v)}`, location: where(v), key: v.text })) };
    if (m.exists === false) return { findings: values.length ? [] : [{ message: `the runtime profile does not set ${setting}`, location: anchor, key: 'missing' }] };
    if (matches) return { findings: values.filter((v) => matches.test(v.text)).map((v) => ({ message: `the runtime profile ${sets(v)}, which matches ${describeRe(matches)}`, location: where(v), key: v.text })) };
    const re = notMatches!;
    if (isList || values.length > 1) return { findings: values.some((v) => re.test(v.text)) ? [] : [{ message: `no ${setting} of the runtime profile matches ${describeRe(re)}`, location: anchor, key: 'none' }] };
    const v = values[0];
    if (re.test(v?.text ?? '')) return { findings: [] };
    return { findings: [{ message: v ? `the runtime profile ${sets(v)}, which does not match ${describeRe(re)}` : `the runtime profile does not set ${setting}, so it does not match ${describeRe(re)}`, location: where(v), key: v?.text ?? 'unset' }] };
  };
  return { target: 'runtime', check } as unknown as Check;
}

// ------------------------------------------------------------------------------------------------------------

/** The catalog and checks a scan runs: the built-in ones plus the custom rules. */
export function withCustomRules(rules: RuleMeta[], checks: Record<string, Check>, custom: CustomRule[] | undefined): { rules: RuleMeta[]; checks: Record<string, Check> } {
  if (!custom?.length) return { rules, checks };
  const extra: Record<string, Check> = {};
  for (const r of custom) extra[r.meta.id] = r.check;
  return { rules: [...rules, ...custom.map((r) => r.meta)], checks: { ...checks, ...extra } };
}
