/**
 * The policy file's schemas (schema/config.schema.json, schema/custom-rule.schema.json) compiled with ajv, and
 * ajv's errors turned into messages a person can act on: the file, the line, the field path, what was expected.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsImport from 'ajv-formats';
import { packageRoot } from '../catalog/paths.js';
import type { YamlSource } from '../yaml/located.js';

const addFormats = addFormatsImport as unknown as (ajv: Ajv) => Ajv;

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

export type PolicySchema = 'config.schema.json' | 'custom-rule.schema.json';

function instance(): Ajv {
  if (!ajv) {
    ajv = addFormats(new Ajv({ allErrors: true, strict: false, verbose: true }));
    for (const name of ['custom-rule.schema.json', 'config.schema.json']) {
      ajv.addSchema(JSON.parse(readFileSync(join(packageRoot(), 'schema', name), 'utf8')), name);
    }
  }
  return ajv;
}

export function policyValidator(name: PolicySchema): ValidateFunction {
  let v = compiled.get(name);
  if (!v) {
    const a = instance();
    v = a.getSchema(name)!;
    compiled.set(name, v);
  }
  return v;
}

/** One problem in a policy file, located. */
export interface PolicyProblem {
  file: string;
  line: number;
  /** `waivers[2].expires` */
  path: string;
  message: string;
}

/** `.cis-docker-gate.yml:14 waivers[2].expires: must be a date (YYYY-MM-DD)` */
export function formatProblem(p: PolicyProblem): string {
  return `${p.file}:${p.line} ${p.path}: ${p.message}`;
}

/** `waivers[2].expires` from path segments; keys that are not plain names are quoted (`rules["a b"]`). */
export function pathOf(segments: readonly (string | number)[], prefix = ''): string {
  let out = prefix;
  for (const s of segments) {
    if (typeof s === 'number' || /^\d+$/.test(s)) out += `[${s}]`;
    else if (/^[A-Za-z0-9_/.-]+$/.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out || '(top level)';
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  null: 'empty',
};

function typeMessage(type: unknown): string {
  const list = (Array.isArray(type) ? type : [type]).map((t) => TYPE_NAMES[String(t)] ?? String(t));
  return `must be ${list.join(' or ')}`;
}

/** Validates `data` (at `base` inside the source) and returns the problems, one per field, in line order. */
export function schemaProblems(schema: PolicySchema, data: unknown, source: YamlSource, base: (string | number)[] = [], prefix = ''): PolicyProblem[] {
  const validate = policyValidator(schema);
  if (validate(data)) return [];
  return toProblems(validate.errors ?? [], source, base, prefix);
}

function toProblems(errors: ErrorObject[], source: YamlSource, base: (string | number)[], prefix: string): PolicyProblem[] {
  // A union (anyOf) explains itself better than its branches; `if` only says a branch failed.
  const unions = new Set(errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.instancePath));
  const kept = errors.filter((e) => e.keyword !== 'if' && !(unions.has(e.instancePath) && e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && !e.schemaPath.endsWith('/required')));
  const out: PolicyProblem[] = [];
  const seen = new Set<string>();
  for (const e of kept) {
    const segments: string[] = e.instancePath
      .split('/')
      .slice(1)
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    let message = e.message ?? 'is not valid';
    const params = e.params as Record<string, unknown>;
    switch (e.keyword) {
      case 'required':
        segments.push(String(params.missingProperty));
        message = 'is required';
        break;
      case 'additionalProperties': {
        segments.push(String(params.additionalProperty));
        const known = Object.keys(((e.parentSchema ?? {}) as { properties?: object }).properties ?? {});
        message = `is not a known field${known.length ? ` (known: ${known.join(', ')})` : ''}`;
        break;
      }
      case 'propertyNames':
        segments.push(String(params.propertyName));
        message = 'is not a known field';
        break;
      case 'format':
        message = params.format === 'date' ? 'must be a date (YYYY-MM-DD)' : `must be a ${String(params.format)}`;
        break;
      case 'enum':
        message = `must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}`;
        break;
      case 'const':
        message = `must be ${JSON.stringify(params.allowedValue)}`;
        break;
      case 'type':
        message = typeMessage(params.type);
        break;
      case 'minLength':
        message = 'must not be empty';
        break;
      case 'pattern':
        message = patternMessage(segments, String(params.pattern));
        break;
      case 'anyOf':
      case 'oneOf':
        message = 'must be a string or a list of strings';
        break;
      case 'minProperties':
      case 'maxProperties':
        message = segments.at(-1) === 'match' ? 'must name exactly one of dockerfile, image, runtime' : 'must not be empty';
        break;
      case 'minItems':
        message = 'must not be an empty list';
        break;
    }
    // The value of a rules entry: explain the three forms at once.
    if (segments.length === 2 && segments[0] === 'rules' && ['type', 'enum', 'const'].includes(e.keyword)) {
      message = 'must be off, a severity (critical, high, medium, low, info), or a mapping with severity and options';
    }
    const full = [...base, ...segments];
    const path = pathOf(segments, prefix);
    if (seen.has(path)) continue;
    seen.add(path);
    out.push({ file: source.file, line: source.line(full), path, message });
  }
  return out.sort((a, b) => a.line - b.line);
}

function patternMessage(segments: string[], pattern: string): string {
  const field = segments.at(-1);
  if (pattern === '\\S') return 'must not be empty';
  if (field === 'id') return 'must be PREFIX/NAME in lower case with dashes (acme/require-source-label)';
  if (field === 'name') return 'must be letters, digits, dots, dashes or underscores, starting with a letter or digit';
  if (field === 'instruction') return 'must be an instruction keyword such as FROM or RUN';
  if (segments.includes('cis')) return 'must be a CIS control number such as 4.1';
  return `must match ${pattern}`;
}
