/**
 * The GitHub edge: inputs -> Config -> the gate -> annotations, job summary, SARIF and JSON files, outputs,
 * the opt-in check run and pull-request comment, and the decision.
 *
 * Failing the step: the gate (an open finding at or above fail-on) fails with a one-line reason and exit code 1;
 * a bad input with a message naming it and exit code 2; an engine or internal error with a distinct message
 * and exit code 3. The check run and the comment never fail the step.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import * as core from '@actions/core';
import * as github from '@actions/github';
import type { Config } from '../config/config.js';
import { locatePolicyFile, resolvePolicy } from '../config/resolve.js';
import { scanRules } from '../gate/rules.js';
import { selectTargets } from '../gate/targets.js';
import { scan } from '../gate/scan.js';
import { selectAnnotations, allAnnotations, type Annotation, type AnnotationSelection } from '../report/annotations.js';
import { renderJson } from '../report/json.js';
import { COMMENT_MAX_BYTES, renderErrorMarkdown, renderMarkdown } from '../report/markdown.js';
import type { Report } from '../report/report.js';
import { renderSarif } from '../report/sarif.js';
import { bySeverity, countOpen, describeCounts, effectiveReportSeverity, isShown, plural, repoLocation, type RepoPath } from '../report/view.js';
import { reaches } from '../policy/threshold.js';
import { EXIT, GateError, SEVERITIES, type Finding, type Severity } from '../types.js';
import { installInterruptHandlers } from '../runtime/interrupt.js';
import { changedLines, introducedFindings, scopeToChangedLines } from './changed-lines.js';
import { inputPath, readInputs, toConfig, type ActionInputs } from './inputs.js';
import { checkAnnotation, commentMarker, octokitApi, publishCheckRun, publishComment, type Conclusion, type GitHubApi } from './publish-github.js';

/** Runs the step; sets process.exitCode and returns it. */
export async function run(): Promise<number> {
  const env = process.env;
  const workspace = resolve(env.GITHUB_WORKSPACE || process.cwd());
  let code: number;
  let uninstall = () => {};
  try {
    if (!env.GITHUB_OUTPUT) {
      throw new GateError(
        'GITHUB_OUTPUT is not set: this action runs as a step of a GitHub Actions job, where the runner sets it (to run it elsewhere, set GITHUB_OUTPUT to a writable file)',
        2,
      );
    }
    const inputs = readInputs((name) => core.getInput(name));
    if (inputs.registry.password) core.setSecret(inputs.registry.password);
    // The policy file: the config input, else .cis-docker-gate.yml at the workspace root.
    inputPath('config', inputs.config, workspace, 'file');
    const policyFile = locatePolicyFile({ configFile: inputs.config ? resolve(workspace, inputs.config) : undefined }, { root: workspace });
    const config = resolvePolicy(toConfig(inputs, workspace, env, { policyTargets: !!policyFile?.targets.length }), policyFile);
    if (config.only && !config.policy?.targets.length) throw new GateError('input only: names a target of the policy file, which lists none', 2);
    if (config.only) selectTargets(config.policy!.targets, config.only, 'input only');
    // A cancelled job (SIGINT, then SIGTERM): remove the sandbox containers and images this run created.
    uninstall = installInterruptHandlers();
    const report = await scan(config);
    requireTargets(inputs, report);
    code = await publish(inputs, config, report, workspace, env);
  } catch (e) {
    code = await fail(e);
  } finally {
    uninstall();
  }
  process.exitCode = code;
  return code;
}

/** Inputs for targets this build cannot check yet must not pass silently: that would be a false PASS. */
function requireTargets(i: ActionInputs, report: Report): void {
  const kinds = new Set(report.targets.map((t) => t.kind));
  const missing = (input: string, what: string) =>
    new GateError(`input ${input}: ${what} are not available in cis-docker-gate ${report.tool.version}; remove the input or use a release that has them`, 2);
  if (i.image && !kinds.has('image')) throw missing('image', 'image checks');
  if (i.imageArchive && !kinds.has('image')) throw missing('image-archive', 'image checks');
  if (i.build && !kinds.has('image')) throw missing('build', 'image checks');
  if (i.hostAudit && !kinds.has('host')) throw missing('host-audit', 'host audits');
  if (!report.targets.length) throw new GateError('input dockerfile: nothing to check; name a Dockerfile', 2);
}

interface PullRequest {
  number: number;
  base: string;
  head: string;
}

function pullRequest(): PullRequest | undefined {
  const pr = github.context.payload?.pull_request as { number?: number; base?: { sha?: string }; head?: { sha?: string } } | undefined;
  if (!pr?.number || !pr.base?.sha || !pr.head?.sha) return undefined;
  return { number: pr.number, base: pr.base.sha, head: pr.head.sha };
}

/** Report paths -> repository paths: inside the workspace, and a file that exists there. */
export function workspaceRepoPath(workspace: string, cwd = process.cwd()): RepoPath {
  const cache = new Map<string, string | undefined>();
  return (file) => {
    if (!file) return undefined;
    if (cache.has(file)) return cache.get(file);
    const abs = resolve(cwd, file);
    const rel = relative(workspace, abs);
    let out: string | undefined;
    if (rel && !rel.startsWith('..') && !isAbsolute(rel)) {
      try {
        if (statSync(abs).isFile()) out = rel.split(sep).join('/');
      } catch {
        out = undefined;
      }
    }
    cache.set(file, out);
    return out;
  };
}

async function publish(inputs: ActionInputs, config: Config, scanned: Report, workspace: string, env: NodeJS.ProcessEnv): Promise<number> {
  const repoPath = workspaceRepoPath(workspace);
  const pr = pullRequest();
  const notices: string[] = [];

  // changed-lines-only: narrow what is annotated and gated, never what is reported.
  let report = scanned;
  let outside = new Set<string>();
  if (inputs.changedLinesOnly) {
    if (!pr) {
      notices.push('`changed-lines-only` applies to pull requests; this run is not one, so every finding is annotated and gated.');
    } else {
      const lines = changedLines(workspace, pr);
      if ('error' in lines) {
        notices.push(`\`changed-lines-only\`: cannot tell which lines this pull request changed (${lines.error}); every finding is annotated and gated.`);
      } else {
        const introduced = introducedFindings(scanned, workspace, lines.from, config, repoPath);
        ({ report, outside } = scopeToChangedLines(scanned, lines.lines, pr, repoPath, introduced));
      }
    }
  }
  const inScope = (f: Finding) => !outside.has(f.fingerprint);
  const lowest = effectiveReportSeverity(config.reportSeverity, report.failOn);
  const shown = report.findings.filter((f) => isShown(f, lowest));
  const gated = report.findings.filter((f) => f.status === 'open' && inScope(f));

  // The files: SARIF (what is shown) and JSON (everything).
  const outDir = join(env.RUNNER_TEMP || tmpdir(), 'cis-docker-gate', safeName(env.GITHUB_ACTION || 'run'));
  const sarifFile = writeOut('sarif-file', inputs.sarifFile, join(outDir, 'results.sarif'), workspace, () =>
    renderSarif(report, { catalog: scanRules(config).rules, findings: shown, repoPath, srcRoot: workspace, vcs: provenance(env, pr) }),
  );
  const jsonFile = writeOut('json-file', inputs.jsonFile, join(outDir, 'report.json'), workspace, () => renderJson(report));
  const files = { sarif: displayPath(sarifFile, workspace), json: displayPath(jsonFile, workspace) };

  // Annotations: the most severe 10 of each level.
  const annotatable = shown.filter((f) => f.status === 'open' && inScope(f));
  let selection: AnnotationSelection | undefined;
  if (inputs.annotations) {
    selection = selectAnnotations(report, annotatable, repoPath);
    for (const a of selection.annotations) annotate(a);
  }

  // The opt-in publishers.
  const headSha = pr?.head ?? env.GITHUB_SHA;
  const blobBase = env.GITHUB_REPOSITORY && headSha ? `${env.GITHUB_SERVER_URL || 'https://github.com'}/${env.GITHUB_REPOSITORY}/blob/${headSha}/` : undefined;
  const markdownOptions = {
    repoPath,
    blobBase,
    lowestShown: lowest,
    outsideScope: outside,
    files,
    profile: config.profile,
    annotations: selection ? { notAnnotated: selection.notAnnotated, notAnnotatedTotal: selection.notAnnotatedTotal } : ({ disabled: true } as const),
  };
  if (inputs.checkRun || inputs.prComment) {
    const api = githubApi(inputs, notices);
    if (api && inputs.checkRun) {
      if (!headSha) {
        notices.push('The check run was not published: no commit to attach it to (GITHUB_SHA is not set).');
      } else {
        const all = allAnnotations(report, annotatable, repoPath)
          .map(checkAnnotation)
          .filter((a) => a !== undefined);
        const outcome = await publishCheckRun(api, {
          headSha,
          title: oneLine(report, gated),
          summary: renderMarkdown(report, { ...markdownOptions, annotations: undefined, notices: [...notices], maxBytes: COMMENT_MAX_BYTES }),
          conclusion: conclusion(report, gated),
          annotations: all,
        });
        core.info(`check-run: ${outcome.message}`);
        if (!outcome.ok) notices.push(outcome.message);
      }
    }
    if (api && inputs.prComment) {
      if (!pr) {
        notices.push('`pr-comment`: this run is not for a pull request, so no comment was posted.');
      } else {
        const outcome = await publishComment(api, {
          issue: pr.number,
          marker: commentMarker(commentKey(config, env)),
          body: renderMarkdown(report, { ...markdownOptions, annotations: undefined, notices: [...notices], maxBytes: COMMENT_MAX_BYTES }),
        });
        core.info(`pr-comment: ${outcome.message}`);
        if (!outcome.ok) notices.push(outcome.message);
      }
    }
  }

  // The job summary, and the same Markdown in a file.
  const markdown = renderMarkdown(report, { ...markdownOptions, notices });
  const summaryFile = join(outDir, 'summary.md');
  writeOut('summary-markdown', undefined, summaryFile, workspace, () => markdown);
  try {
    await core.summary.addRaw(markdown).write();
  } catch (e) {
    core.warning(`The job summary was not written: ${(e as Error).message}`);
  }

  // Outputs: the open findings the gate judged.
  const counts = countOpen(gated);
  core.setOutput('passed', String(report.passed));
  for (const s of SEVERITIES) core.setOutput(s, String(counts[s]));
  core.setOutput('findings-count', String(gated.length));
  core.setOutput('sarif-file', sarifFile);
  core.setOutput('json-file', jsonFile);
  core.setOutput('summary-markdown', summaryFile);

  core.info(oneLine(report, gated));
  if (!report.passed) {
    core.setFailed(`cis-docker-gate: gate failed: ${failReason(report, gated, repoPath)}`);
    return EXIT.failed;
  }
  return EXIT.passed;
}

/** The commit checked out (for a pull request, usually GitHub's merge commit: the lines the scan read). */
function provenance(env: NodeJS.ProcessEnv, pr: PullRequest | undefined) {
  const sha = env.GITHUB_SHA ?? pr?.head;
  if (!env.GITHUB_REPOSITORY || !sha) return undefined;
  const branch = env.GITHUB_HEAD_REF || env.GITHUB_REF_NAME;
  return { repositoryUri: `${env.GITHUB_SERVER_URL || 'https://github.com'}/${env.GITHUB_REPOSITORY}`, revisionId: sha, ...(branch ? { branch } : {}) };
}

function githubApi(inputs: ActionInputs, notices: string[]): GitHubApi | undefined {
  if (!inputs.githubToken) {
    notices.push('`check-run` and `pr-comment` need a token: `github-token` is empty.');
    return undefined;
  }
  try {
    return octokitApi(github.getOctokit(inputs.githubToken), github.context.repo);
  } catch (e) {
    notices.push(`\`check-run\` and \`pr-comment\` were skipped: ${(e as Error).message}`);
    return undefined;
  }
}

function annotate(a: Annotation): void {
  const props: core.AnnotationProperties = { title: a.title };
  if (a.file) {
    props.file = a.file;
    props.startLine = a.startLine;
    props.endLine = a.endLine;
    if (a.startColumn !== undefined) {
      props.startColumn = a.startColumn;
      props.endColumn = a.endColumn;
    }
  }
  core[a.level](a.message, props);
}

function conclusion(report: Report, gated: Finding[]): Conclusion {
  if (!report.passed) return 'failure';
  return report.failOn === 'never' && gated.length ? 'neutral' : 'success';
}

function oneLine(report: Report, gated: Finding[]): string {
  const counts = describeCounts(countOpen(gated));
  if (report.failOn === 'never') return `Report only: ${plural(gated.length, 'open finding')} (${counts})`;
  return report.passed
    ? `Passed: no open finding at or above ${report.failOn} (${plural(gated.length, 'open finding')}${gated.length ? `: ${counts}` : ''})`
    : `Failed: ${plural(gated.filter((f) => reaches(f.severity, report.failOn as Severity)).length, 'open finding')} at or above ${report.failOn}`;
}

function failReason(report: Report, gated: Finding[], repoPath: RepoPath): string {
  const failing = gated.filter((f) => reaches(f.severity, report.failOn as Severity)).sort(bySeverity);
  const first = failing[0];
  const loc = first && repoLocation(report, first, repoPath);
  return (
    `${plural(failing.length, 'open finding')} at or above ${report.failOn} (${describeCounts(countOpen(failing))})` +
    (first ? `; the first: ${first.ruleId} at ${loc ? `${loc.file}:${loc.startLine}` : first.location.file}` : '')
  );
}

/** Our comment is one per workflow, job and set of targets, so matrix jobs do not overwrite each other. */
function commentKey(config: Config, env: NodeJS.ProcessEnv): string {
  const targets = [...config.dockerfiles, config.image ?? '', config.imageArchive ?? '', config.composeFile ?? '', config.service ?? '', config.only ?? ''].join('\n');
  const hash = createHash('sha256').update(targets).digest('hex').slice(0, 8);
  return `${env.GITHUB_WORKFLOW ?? ''}/${env.GITHUB_JOB ?? ''}/${hash}`;
}

function writeOut(input: string, given: string | undefined, fallback: string, workspace: string, render: () => string): string {
  const path = given ? resolve(workspace, given) : fallback;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, render());
  } catch (e) {
    if (e instanceof GateError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new GateError(`input ${input}: cannot write ${given ?? path} (${code ?? (e as Error).message})`, 2);
  }
  return path;
}

function displayPath(abs: string, workspace: string): string {
  const rel = relative(workspace, abs);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : abs;
}

function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100) || 'run';
}

async function fail(e: unknown): Promise<number> {
  let code: 2 | 3;
  let message: string;
  if (e instanceof GateError && e.exitCode === 2) {
    code = 2;
    message = `cis-docker-gate: ${e.message}`;
  } else if (e instanceof GateError) {
    code = 3;
    message = `cis-docker-gate: engine error (exit 3): ${e.message}`;
  } else {
    code = 3;
    message = `cis-docker-gate: internal error (exit 3): ${(e as Error)?.message ?? String(e)}`;
    if ((e as Error)?.stack) core.debug((e as Error).stack!);
  }
  core.setFailed(message);
  if (process.env.GITHUB_STEP_SUMMARY && existsSync(dirname(process.env.GITHUB_STEP_SUMMARY))) {
    try {
      await core.summary.addRaw(renderErrorMarkdown(message, code)).write();
    } catch {
      // the failure message above is what matters
    }
  }
  return code;
}

