/**
 * SARIF validation for the tests, twice: against the SARIF 2.1.0 JSON schema (the copy @microsoft/jest-sarif
 * ships; draft-04, so ajv-draft-04), and with Microsoft's SARIF Multitool and its GitHub rules
 * (`validate --rule-kind Gh`), which checks what code scanning requires. The schema has a pattern that is not
 * valid as a unicode regular expression, hence unicodeRegExp: false.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import AjvDraft04Import from 'ajv-draft-04';
import addFormatsImport from 'ajv-formats';
import type { ErrorObject } from 'ajv';

const require = createRequire(import.meta.url);
type AjvLike = { compile(schema: object): ((data: unknown) => boolean) & { errors?: ErrorObject[] | null } };
const AjvDraft04 = ((AjvDraft04Import as unknown as { default?: unknown }).default ?? AjvDraft04Import) as new (o: object) => AjvLike;
const addFormats = ((addFormatsImport as unknown as { default?: unknown }).default ?? addFormatsImport) as (ajv: AjvLike) => AjvLike;

let validate: ReturnType<AjvLike['compile']> | undefined;

export function sarifSchemaPath(): string {
  return join(dirname(require.resolve('@microsoft/jest-sarif/package.json')), 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');
}

/** Schema errors as `path: message` lines (empty when valid). */
export function schemaErrors(log: unknown): string[] {
  if (!validate) {
    const ajv = addFormats(new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false }));
    validate = ajv.compile(JSON.parse(readFileSync(sarifSchemaPath(), 'utf8')));
  }
  if (validate(log)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message}`);
}

export function multitoolPath(): string {
  const pkg = dirname(require.resolve('@microsoft/sarif-multitool-linux/package.json'));
  const bin = join(pkg, 'Sarif.Multitool');
  // npm 11 runs no install scripts, so the package's own chmod never happened.
  if (existsSync(bin) && (statSync(bin).mode & 0o111) !== 0o111) chmodSync(bin, 0o755);
  return bin;
}

export interface MultitoolProblem {
  ruleId: string;
  level: string;
  message: string;
}

/**
 * Runs `Sarif.Multitool validate FILE --rule-kind Gh` and returns its results at level error and warning.
 * The tool exits 0 even when it finds problems, so its own SARIF output is read.
 */
export function multitoolProblems(file: string, ruleKind = 'Gh'): MultitoolProblem[] {
  const dir = mkdtempSync(join(tmpdir(), 'sarif-validate-'));
  const out = join(dir, 'validation.sarif');
  try {
    execFileSync(multitoolPath(), ['validate', file, '--rule-kind', ruleKind, '--output', out, '--log', 'ForceOverwrite'], {
      env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    const log = JSON.parse(readFileSync(out, 'utf8')) as {
      runs: Array<{ results?: Array<{ ruleId: string; level?: string; message: { text?: string; id?: string; arguments?: string[] } }> }>;
    };
    return (log.runs[0].results ?? [])
      .filter((r) => r.level === 'error' || r.level === 'warning' || r.level === undefined)
      .map((r) => ({ ruleId: r.ruleId, level: r.level ?? 'warning', message: r.message.text ?? `${r.message.id}: ${(r.message.arguments ?? []).join(', ')}` }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
