/** The rule catalog: rules/<target>/<id>.yml, validated against schema/rule.schema.json when loaded. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { GateError, type Severity, type Target } from '../types.js';
import { packageRoot } from './paths.js';
import { schemaProblems, validator } from './validate.js';

export type ToolName = 'hadolint' | 'trivy' | 'checkov' | 'dockle' | 'docker-bench';

export interface RuleExample {
  dockerfile?: string;
  image?: Record<string, unknown>;
  runtime?: Record<string, unknown>;
  host?: Record<string, unknown>;
  options?: Record<string, unknown>;
  target?: string;
  buildArgs?: Record<string, string>;
  note?: string;
  /** Bad examples only: the lines findings must be reported on. */
  lines?: number[];
}

export interface RuleMeta {
  id: string;
  target: Target;
  cis: string[];
  level: 1 | 2;
  severity: Severity;
  title: string;
  rationale: string;
  remediation: string;
  references: string[];
  aliases: Partial<Record<ToolName, string[]>>;
  options?: Record<string, unknown>;
  examples: { bad: RuleExample[]; good: RuleExample[] };
  /** The YAML file, relative to the package root. */
  file: string;
}

export const CIS_BENCHMARK = 'CIS Docker Benchmark v1.8.0';

let cached: RuleMeta[] | undefined;

/** Every rule of the catalog, sorted by id. Throws a GateError (exit 3) naming the file and field of a bad rule. */
export function loadCatalog(): RuleMeta[] {
  if (cached) return cached;
  const root = packageRoot();
  const validate = validator('rule.schema.json');
  const rules: RuleMeta[] = [];
  for (const target of readdirSync(join(root, 'rules')).sort()) {
    for (const name of readdirSync(join(root, 'rules', target)).sort()) {
      if (!name.endsWith('.yml')) continue;
      const file = `rules/${target}/${name}`;
      let data: unknown;
      try {
        data = load(readFileSync(join(root, file), 'utf8'));
      } catch (e) {
        throw new GateError(`${file}: not valid YAML: ${(e as Error).message}`, 3);
      }
      if (!validate(data)) {
        const p = schemaProblems(validate.errors)[0];
        throw new GateError(`${file} ${p.path}: ${p.message}`, 3);
      }
      const rule = data as Omit<RuleMeta, 'file'>;
      const expectedId = `${target}/${name.slice(0, -4)}`;
      if (rule.id !== expectedId || rule.target !== target) {
        throw new GateError(`${file} id: must be "${expectedId}" with target "${target}" (one rule per file, named by its id)`, 3);
      }
      rules.push({ ...rule, file });
    }
  }
  return (cached = rules.sort((a, b) => a.id.localeCompare(b.id)));
}

/** Rule ids keyed by every alias and by the id itself (DL3002 -> dockerfile/last-user-root). */
export function aliasIndex(rules: RuleMeta[]): Map<string, string[]> {
  const index = new Map<string, string[]>();
  const add = (k: string, id: string) => index.set(k.toLowerCase(), [...(index.get(k.toLowerCase()) ?? []), id]);
  for (const r of rules) {
    add(r.id, r.id);
    for (const ids of Object.values(r.aliases)) for (const a of ids ?? []) add(a, r.id);
  }
  return index;
}
