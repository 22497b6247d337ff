/** JSON Schema validation with ajv, with messages that name the file and the field path. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsImport from 'ajv-formats';
import { packageRoot } from './paths.js';

const addFormats = addFormatsImport as unknown as (ajv: Ajv) => Ajv;
let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

/** The compiled validator for `schema/<name>`. */
export function validator(name: string): ValidateFunction {
  let v = compiled.get(name);
  if (!v) {
    ajv ??= addFormats(new Ajv({ allErrors: true, strict: false }));
    const schema = JSON.parse(readFileSync(join(packageRoot(), 'schema', name), 'utf8'));
    v = ajv.compile(schema);
    compiled.set(name, v);
  }
  return v;
}

/** `waivers[2].expires` from ajv's `/waivers/2/expires`. */
export function fieldPath(instancePath: string, extra?: string): string {
  const parts = instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra) parts.push(extra);
  let out = '';
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  return out || '(root)';
}

export interface SchemaProblem {
  path: string;
  /** Segments of the path, for finding the line in the source. */
  segments: string[];
  message: string;
}

export function schemaProblems(errors: ErrorObject[] | null | undefined): SchemaProblem[] {
  return (errors ?? []).map((e) => {
    const extra = e.keyword === 'required' ? String(e.params.missingProperty) : e.keyword === 'additionalProperties' ? String(e.params.additionalProperty) : undefined;
    const segments = e.instancePath.split('/').slice(1);
    if (extra) segments.push(extra);
    let message = e.message ?? 'is not valid';
    if (e.keyword === 'enum') message += `: ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    if (e.keyword === 'additionalProperties') message = 'is not a known field';
    if (e.keyword === 'required') message = 'is required';
    return { path: fieldPath(e.instancePath, extra), segments, message };
  });
}
