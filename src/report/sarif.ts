/**
 * SARIF 2.1.0 for GitHub code scanning: one run; tool.driver.rules with descriptions, help (CIS reference and
 * remediation), tags and security-severity; every result with a repository location and region (a file of the
 * repository, never a run option, the engine or a host path: those are shown on their target's anchor), a partial
 * fingerprint, and suppressions for suppressed and waived findings.
 */
import type { Log, ReportingDescriptor, Result, Run, Suppression } from 'sarif';
import { CIS_BENCHMARK, type RuleMeta } from '../catalog/catalog.js';
import type { Finding, RuleVerdict, Severity } from '../types.js';
import type { Report } from './report.js';
import { bySeverity, relativeRepoPath, repoLocation, type RepoPath } from './view.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The key of our partial fingerprint: versioned, so a change of algorithm starts a new series. */
export const FINGERPRINT_KEY = 'cisDockerGate/v1';
const SRCROOT = '%SRCROOT%';

/** GitHub reads this property: over 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low. */
export const SECURITY_SEVERITY: Record<Severity, string | undefined> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '2.0',
  // Informational: no security severity, so code scanning shows it as a note rather than a low alert.
  info: undefined,
};

export function sarifLevel(severity: Severity): 'error' | 'warning' | 'note' {
  return severity === 'critical' || severity === 'high' ? 'error' : severity === 'info' ? 'note' : 'warning';
}

export interface SarifOptions {
  /** The catalog, for rationale, remediation and references of every rule. */
  catalog: RuleMeta[];
  /** The findings to include (default: all of the report's). */
  findings?: Finding[];
  repoPath?: RepoPath;
  /** The repository root as an absolute path, recorded as %SRCROOT% (optional). */
  srcRoot?: string;
  /** The repository and commit analysed (versionControlProvenance), when known. */
  vcs?: { repositoryUri: string; revisionId?: string; branch?: string };
}

export function renderSarif(report: Report, options: SarifOptions): string {
  return JSON.stringify(buildSarif(report, options), null, 2) + '\n';
}

export function buildSarif(report: Report, options: SarifOptions): Log {
  const repoPath = options.repoPath ?? relativeRepoPath;
  const meta = new Map(options.catalog.map((r) => [r.id, r]));
  const findings = [...(options.findings ?? report.findings)].sort(bySeverity);

  // Every rule evaluated, plus any rule a finding names; one descriptor per id.
  const ids = [...new Set([...report.rules.map((r) => r.id), ...findings.map((f) => f.ruleId)])].sort();
  const verdictOf = new Map<string, RuleVerdict>();
  for (const v of report.rules) if (!verdictOf.has(v.id)) verdictOf.set(v.id, v);
  const rules = ids.map((id) => descriptor(id, meta.get(id), verdictOf.get(id), findings.find((f) => f.ruleId === id)));
  const index = new Map(ids.map((id, i) => [id, i]));

  const results: Result[] = [];
  for (const f of findings) {
    // Code scanning needs a file of the repository: a finding elsewhere (run options, the engine, a host path, the
    // image itself) is shown on its target's anchor, naming where it is; with no anchor it is left out (the JSON
    // report and the summary still list it, and the summary says so).
    const loc = repoLocation(report, f, repoPath);
    if (!loc) continue;
    const result: Result = {
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId),
      level: sarifLevel(f.severity),
      message: { text: resultMessage(f, loc.from) },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: encodeUri(loc.file), uriBaseId: SRCROOT },
            region: { startLine: loc.startLine, startColumn: loc.startColumn, endLine: loc.endLine, endColumn: loc.endColumn },
          },
        },
      ],
      partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
      properties: { severity: f.severity, cis: f.cis, status: f.status, target: f.target },
    };
    const suppression = suppressionOf(f);
    if (suppression) result.suppressions = [suppression];
    results.push(result);
  }

  const run: Run = {
    tool: {
      driver: {
        name: report.tool.name,
        version: report.tool.version,
        semanticVersion: report.tool.version,
        informationUri: 'https://www.cisecurity.org/benchmark/docker',
        rules,
      },
    },
    results,
    columnKind: 'utf16CodeUnits',
    properties: { benchmark: CIS_BENCHMARK, failOn: report.failOn, passed: report.passed, counts: report.counts },
  };
  if (options.srcRoot) {
    const root = options.srcRoot.replace(/\\/g, '/').replace(/\/?$/, '/');
    run.originalUriBaseIds = { [SRCROOT]: { uri: `file://${root.startsWith('/') ? '' : '/'}${encodeUri(root)}` } };
  }
  if (options.vcs) {
    run.versionControlProvenance = [{ ...options.vcs, mappedTo: { uriBaseId: SRCROOT } }];
  }
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] };
}

function descriptor(id: string, rule: RuleMeta | undefined, verdict: RuleVerdict | undefined, finding: Finding | undefined): ReportingDescriptor {
  const title = rule?.title ?? verdict?.title ?? finding?.title ?? id;
  const cis = rule?.cis ?? verdict?.cis ?? finding?.cis ?? [];
  const level = rule?.level ?? verdict?.level ?? 1;
  const severity = rule?.severity ?? verdict?.severity ?? finding?.severity ?? 'medium';
  const rationale = (rule?.rationale ?? title).trim();
  const remediation = (rule?.remediation ?? finding?.remediation ?? '').trim();
  const references = rule?.references ?? [];
  const cisLine = cis.length ? `${CIS_BENCHMARK}, control ${cis.join(', ')} (level ${level})` : 'Hygiene: no CIS control; checked because it weakens one.';
  const aliases = Object.entries(rule?.aliases ?? {}).flatMap(([tool, list]) => (list ?? []).map((a) => `${tool} ${a}`));

  const text = [title, '', cisLine, '', rationale, ...(remediation ? ['', `Remediation: ${remediation}`] : []), ...(references.length ? ['', 'References:', ...references.map((r) => `- ${r}`)] : [])].join('\n');
  const markdown = [
    `**${title}**`,
    '',
    cis.length ? `**${CIS_BENCHMARK}**, control ${cis.map((c) => `**${c}**`).join(', ')} (level ${level}) · severity ${severity}` : `Hygiene (no CIS control) · severity ${severity}`,
    '',
    rationale,
    ...(remediation ? ['', `**Remediation:** ${remediation}`] : []),
    ...(aliases.length ? ['', `Also known as: ${aliases.join(', ')}`] : []),
    ...(references.length ? ['', '**References:**', '', ...references.map((r) => `- <${r}>`)] : []),
  ].join('\n');

  const tags = ['security', 'cis-docker-benchmark', ...cis.map((c) => `cis-${c}`), `cis-level-${level}`, rule?.target ?? verdict?.target ?? finding?.target ?? 'dockerfile'];
  const properties: Record<string, unknown> = { tags, precision: 'high', 'problem.severity': sarifLevel(severity) === 'note' ? 'recommendation' : sarifLevel(severity) };
  const securitySeverity = SECURITY_SEVERITY[severity];
  if (securitySeverity) properties['security-severity'] = securitySeverity;

  const d: ReportingDescriptor = {
    id,
    name: ruleName(id),
    shortDescription: { text: title },
    fullDescription: { text: rationale },
    help: { text, markdown },
    defaultConfiguration: { level: sarifLevel(severity) },
    properties,
  };
  if (references[0]) d.helpUri = references[0];
  return d;
}

/** `dockerfile/last-user-root` -> `DockerfileLastUserRoot` (SARIF's name is an identifier, not prose). */
export function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

function resultMessage(f: Finding, from: string | undefined): string {
  const msg = f.message.trim();
  const text = /[.!?]$/.test(msg) ? msg : `${msg}.`;
  return from ? `${text} Found in ${from}.` : text;
}

function suppressionOf(f: Finding): Suppression | undefined {
  if (f.status === 'suppressed') return { kind: 'inSource', status: 'accepted', justification: f.statusReason ?? 'suppressed in the Dockerfile' };
  if (f.status === 'waived') return { kind: 'external', status: 'accepted', justification: f.statusReason ?? 'waived in the policy file' };
  return undefined;
}

/** Percent-encode what a URI may not hold, keep `/`. */
function encodeUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
