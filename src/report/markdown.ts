/**
 * The job summary (and the sticky pull-request comment): the verdict first and why, counts by severity, a table
 * per target grouped by CIS section with pass/fail/skip for every control, the findings with file:line links,
 * suppressed and waived findings collapsed with their reasons, what the sandbox withheld, the hardening-trial
 * snippet. Never larger than maxBytes: what does not fit is cut with a note saying where the rest is.
 */
import { CIS_BENCHMARK } from '../catalog/catalog.js';
import { NO_PROFILE } from '../runtime/model.js';
import { SEVERITIES, severityRank, type Finding, type RuleVerdict, type Severity } from '../types.js';
import { reaches } from '../policy/threshold.js';
import type { AnnotationLevel } from './annotations.js';
import type { Report, ReportTarget } from './report.js';
import { bySeverity, countOpen, describeCounts, describePlace, plural, relativeRepoPath, repoLocation, type RepoPath } from './view.js';

/** GitHub refuses a step summary over 1 MiB; stay well below it. */
export const SUMMARY_MAX_BYTES = 1_000_000;
/** An issue comment holds at most 65,536 characters. */
export const COMMENT_MAX_BYTES = 60_000;

export interface MarkdownOptions {
  repoPath?: RepoPath;
  /** `https://github.com/OWNER/REPO/blob/SHA/`: findings link to their lines when given. */
  blobBase?: string;
  /** The lowest severity shown (report-severity, never above fail-on). Lower findings are counted, not listed. */
  lowestShown?: Severity;
  /** Fingerprints of open findings outside the lines a pull request changed (changed-lines-only). */
  outsideScope?: ReadonlySet<string>;
  /** What the annotations left out (GitHub shows at most 10 per level). */
  annotations?: { notAnnotated: Record<AnnotationLevel, number>; notAnnotatedTotal: number } | { disabled: true };
  /** Where the full reports are (paths or links). */
  files?: { sarif?: string; json?: string };
  /** Lines shown under the verdict: degraded publishers, scope problems. */
  notices?: string[];
  /** The profile the scan ran with, for the footer. */
  profile?: string;
  maxBytes?: number;
}

const SECTION_NAMES: Record<string, string> = {
  '1': 'Host configuration',
  '2': 'Docker daemon configuration',
  '3': 'Docker daemon configuration files',
  '4': 'Container images and build file',
  '5': 'Container runtime',
  '6': 'Docker security operations',
  '7': 'Docker Swarm configuration',
};

const ICON: Record<RuleVerdict['status'], string> = { pass: '✅ pass', fail: '❌ fail', skip: '⏭️ skip' };

/** A part of the summary. Essential parts are always kept; the others are cut line by line, by priority. */
interface Block {
  head: string;
  lines: string[];
  tail: string;
  /** 0: essential. Otherwise the order in which the budget is spent (1 first). */
  priority: number;
  /** Shown whole or not at all (a table of verdicts cut in the middle would mislead). */
  atomic?: boolean;
  /** The line that says how many lines were cut, when some were. */
  more?: (cut: number) => string;
}

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const repoPath = options.repoPath ?? relativeRepoPath;
  const lowest = options.lowestShown ?? 'info';
  const outside = options.outsideScope ?? new Set<string>();
  const inScope = (f: Finding) => !outside.has(f.fingerprint);
  const open = report.findings.filter((f) => f.status === 'open');
  const shownOpen = open.filter((f) => inScope(f) && severityRank(f.severity) >= severityRank(lowest)).sort(bySeverity);
  const hiddenBelow = open.filter((f) => inScope(f) && severityRank(f.severity) < severityRank(lowest));
  const outsideOpen = open.filter((f) => !inScope(f)).sort(bySeverity);
  const notOpen = report.findings.filter((f) => f.status !== 'open').sort(bySeverity);
  const gated = open.filter(inScope);

  const link = (f: Finding): string => {
    const loc = repoLocation(report, f, repoPath);
    // Not in a file of the repository (run options, the engine, a host path, the image itself): its own place.
    if (!loc || loc.from) return code(describePlace(f.location));
    const label = `${loc.file}:${loc.startLine}${loc.endLine > loc.startLine ? `-${loc.endLine}` : ''}`;
    if (!options.blobBase) return code(label);
    const anchor = `#L${loc.startLine}${loc.endLine > loc.startLine ? `-L${loc.endLine}` : ''}`;
    return `[${escapeText(label)}](${options.blobBase}${loc.file.split('/').map(encodeURIComponent).join('/')}${anchor})`;
  };

  const blocks: Block[] = [];
  const essential = (text: string) => blocks.push({ head: text.replace(/\n*$/, '\n\n'), lines: [], tail: '', priority: 0 });

  // 1. The verdict and why.
  essential(verdict(report, gated, link));

  // 2. Scope, counts, notes.
  if (report.changedLinesOnly) {
    const c = report.changedLinesOnly;
    essential(
      `> Only findings on lines this pull request changed (${short(c.base)}…${short(c.head)}), or that it introduced elsewhere, are annotated and decide the gate; ` +
        `${plural(c.outside, 'open finding')} elsewhere ${c.outside === 1 ? 'is' : 'are'} listed below and ${c.outside === 1 ? 'does' : 'do'} not fail the step.\n`,
    );
  }
  const suppressedCounts = Object.fromEntries(SEVERITIES.map((s) => [s, notOpen.filter((f) => f.severity === s).length])) as Record<Severity, number>;
  const openCounts = countOpen(gated);
  essential(
    [
      `| | ${SEVERITIES.join(' | ')} |`,
      `| --- | ${SEVERITIES.map(() => '---:').join(' | ')} |`,
      `| **Open** | ${SEVERITIES.map((s) => (openCounts[s] ? `**${openCounts[s]}**` : '0')).join(' | ')} |`,
      ...(outsideOpen.length ? [`| Outside the changed lines | ${SEVERITIES.map((s) => outsideOpen.filter((f) => f.severity === s).length).join(' | ')} |`] : []),
      `| Suppressed, waived or baselined | ${SEVERITIES.map((s) => suppressedCounts[s]).join(' | ')} |`,
      '',
    ].join('\n'),
  );

  const notes: string[] = [];
  if (hiddenBelow.length) notes.push(`${plural(hiddenBelow.length, 'open finding')} below report-severity **${lowest}** (${describeCounts(countOpen(hiddenBelow))}) ${hiddenBelow.length === 1 ? 'is' : 'are'} counted but not listed.`);
  const where = whereToSee(options.files);
  if (options.annotations && 'disabled' in options.annotations) {
    notes.push(`Annotations are turned off; the findings are listed below${where ? ` and in ${where}` : ''}.`);
  } else if (options.annotations && options.annotations.notAnnotatedTotal > 0) {
    const n = options.annotations.notAnnotated;
    const parts = (['error', 'warning', 'notice'] as const).filter((l) => n[l]).map((l) => plural(n[l], l));
    notes.push(
      `GitHub shows at most 10 annotations of each level per step: ${plural(options.annotations.notAnnotatedTotal, 'finding')} (${parts.join(', ')}) ` +
        `${options.annotations.notAnnotatedTotal === 1 ? 'was' : 'were'} not annotated. All of them are in the findings below${where ? ` and in ${where}` : ''}.`,
    );
  }
  if (options.files?.sarif) {
    // Code scanning needs a file of the repository; with no target anchor to show them on, SARIF leaves these out.
    const placeless = report.findings.filter((f) => severityRank(f.severity) >= severityRank(lowest) && !repoLocation(report, f, repoPath));
    if (placeless.length) {
      const places = [...new Set(placeless.map((f) => describePlace(f.location)))];
      notes.push(
        `${plural(placeless.length, 'finding')} ${placeless.length === 1 ? 'is' : 'are'} not in a file of the repository (${places.slice(0, 3).map(code).join(', ')}${places.length > 3 ? ', …' : ''}) ` +
          `and no Dockerfile line stands for ${placeless.length === 1 ? 'it' : 'them'}, so the SARIF file leaves ${placeless.length === 1 ? 'it' : 'them'} out: ` +
          `${placeless.length === 1 ? 'it is' : 'they are'} listed below and in ${options.files.json ? `the JSON report ${code(options.files.json)}` : 'the JSON report'}.`,
      );
    }
  }
  for (const n of options.notices ?? []) notes.push(n);
  const undeclared = report.rules.filter((v) => v.target === 'runtime' && v.status === 'skip' && v.reason === NO_PROFILE).length;
  if (undeclared) {
    notes.push(
      `No runtime profile was declared, so ${plural(undeclared, 'rule')} about how the container is run (CIS section 5) ${undeclared === 1 ? 'was' : 'were'} skipped. ` +
        'Declare one with the inputs `compose-file` and `service`, or `run-options` (CLI: `--compose FILE --service NAME` or `--run-option`).',
    );
  }
  notes.push(...policyNotes(report));
  if (notes.length) essential(notes.map((n) => `> ${n}`).join('\n>\n') + '\n');

  // 3. A table per target, grouped by CIS section, with every rule's verdict.
  const byRuleAndFile = groupBy(report.findings, (f) => `${f.ruleId}\0${f.location.file}`);
  const byRule = groupBy(report.findings, (f) => f.ruleId);
  const verdictsBySubject = groupBy(report.rules, (v) => v.subject);
  for (const target of report.targets) {
    // A Dockerfile's findings are in that file; other targets' findings are matched by rule.
    const findingsOf = (id: string) => (target.kind === 'dockerfile' ? byRuleAndFile.get(`${id}\0${target.name}`) : byRule.get(id)) ?? [];
    blocks.push(targetBlock(target, verdictsBySubject.get(target.name) ?? [], findingsOf, report.targets.length <= 3));
  }

  // 4. The findings.
  if (shownOpen.length) {
    blocks.push({
      head: `### Findings (${shownOpen.length})\n\n| Severity | Control | Rule | Where | What was found |\n| --- | --- | --- | --- | --- |\n`,
      lines: shownOpen.map((f) => `| ${f.severity} | ${cis(f.cis)} | \`${f.ruleId}\` | ${pipe(link(f))} | ${cell(f.message)} |\n`),
      tail: '\n',
      priority: 1,
      more: (cut) => `| … | | | | ${plural(cut, 'more finding')} not shown here |\n`,
    });
  }
  if (outsideOpen.length) {
    blocks.push({
      head: `<details><summary>${plural(outsideOpen.length, 'open finding')} outside the changed lines (not gated)</summary>\n\n| Severity | Control | Rule | Where | What was found |\n| --- | --- | --- | --- | --- |\n`,
      lines: outsideOpen.map((f) => `| ${f.severity} | ${cis(f.cis)} | \`${f.ruleId}\` | ${pipe(link(f))} | ${cell(f.message)} |\n`),
      tail: '\n</details>\n\n',
      priority: 3,
    });
  }
  if (notOpen.length) {
    blocks.push({
      head: `<details><summary>${plural(notOpen.length, 'suppressed, waived or baselined finding')}</summary>\n\n| Status | Severity | Rule | Where | What was found | Reason |\n| --- | --- | --- | --- | --- | --- |\n`,
      lines: notOpen.map((f) => `| ${f.status} | ${f.severity} | \`${f.ruleId}\` | ${pipe(link(f))} | ${cell(f.message)} | ${cell(f.statusReason ?? '')} |\n`),
      tail: '\n</details>\n\n',
      priority: 3,
    });
  }

  // 4b. The policy: settings and where they came from, every exception with its reason, owner and expiry.
  blocks.push(...policyBlocks(report));

  // 5. What the sandbox withheld, and the hardening trial: per runtime target when several have them (merged reports).
  const runtimeOutcomes = report.targets.filter((t) => t.withheld?.length || t.hardeningTrial);
  const outcomes =
    runtimeOutcomes.length > 1
      ? runtimeOutcomes.map((t) => ({ of: ` of ${code(t.name)}`, withheld: t.withheld, trial: t.hardeningTrial }))
      : [{ of: '', withheld: report.withheld, trial: report.hardeningTrial }];
  for (const { of, withheld, trial } of outcomes) {
    if (withheld?.length) {
      essential(
        cap(
          `### What the sandbox withheld${of}\n\nThese declared settings were judged from the declaration, not granted to the test container, so they were not tested:\n\n` +
            withheld.map((w) => `- ${code(w.setting)}: ${escapeText(w.reason)}`).join('\n') +
            '\n',
        ),
      );
    }
    if (trial) {
      const h = trial;
      const parts = [`### Hardening trial${of}\n\n${h.succeeded ? '✅ The image starts and stays up under the CIS-hardened profile.' : '❌ The image did not run under the CIS-hardened profile.'}${h.detail ? ` ${escapeText(h.detail)}` : ''}\n`];
      if (h.compose) parts.push(`\nCompose service settings${h.succeeded ? ' (proven to work)' : ''}:\n\n${fence(h.compose, 'yaml')}`);
      if (h.runOptions?.length) parts.push(`\n\`docker run\` options${h.succeeded ? ' (proven to work)' : ''}:\n\n${fence(h.runOptions.join(' \\\n  '), 'sh')}`);
      essential(cap(parts.join('')));
    }
  }

  // 6. The footer.
  essential(
    `\n<sub>${report.tool.name} ${report.tool.version} · ${CIS_BENCHMARK}${options.profile ? ` · profile ${options.profile}` : ''} · fail-on ${report.failOn}` +
      `${report.config?.file ? ` · policy ${code(report.config.file)}` : ''}</sub>\n`,
  );

  return fit(blocks, options.maxBytes ?? SUMMARY_MAX_BYTES, where);
}

/** A short Markdown page for a step that could not scan: the error is the verdict. */
export function renderErrorMarkdown(message: string, exitCode: 2 | 3): string {
  const kind = exitCode === 2 ? 'Configuration error (exit 2)' : 'Engine or internal error (exit 3)';
  return `## ⚠️ CIS Docker gate could not run\n\n**${kind}**: the scan did not complete, so nothing was judged.\n\n${fence(message, 'text')}`;
}

function verdict(report: Report, gated: Finding[], link: (f: Finding) => string): string {
  const counts = countOpen(gated);
  const total = gated.length;
  const targets = report.targets.length === 1 ? code(report.targets[0].name) : plural(report.targets.length, 'target');
  if (report.failOn === 'never') {
    return `## ℹ️ CIS Docker gate: report only\n\n\`fail-on: never\`: ${plural(total, 'open finding')} in ${targets} (${describeCounts(counts)}); none fails the step.\n`;
  }
  const failing = gated.filter((f) => reaches(f.severity, report.failOn as Severity)).sort(bySeverity);
  if (report.passed) {
    const below = total ? ` ${plural(total, 'open finding')} below it (${describeCounts(counts)}).` : ' No open findings.';
    return `## ✅ CIS Docker gate passed\n\nNo open finding at or above **${report.failOn}** in ${targets}.${below}\n`;
  }
  const why = failing.slice(0, 5).map((f) => `- **${f.severity}** ${cis(f.cis)} \`${f.ruleId}\` at ${link(f)}: ${escapeText(f.message)}`);
  if (failing.length > 5) why.push(`- … and ${failing.length - 5} more`);
  return (
    `## ❌ CIS Docker gate failed\n\n**${plural(failing.length, 'open finding')} at or above ${report.failOn}** in ${targets} ` +
    `(${describeCounts(countOpen(failing))}):\n\n${why.join('\n')}\n`
  );
}

/** A target's verdicts; unfolded when it failed and there are few targets, so the findings stay near the top. */
function targetBlock(target: ReportTarget, verdicts: RuleVerdict[], findingsOf: (ruleId: string) => Finding[], unfold: boolean): Block {
  const n = { pass: 0, fail: 0, skip: 0 };
  for (const v of verdicts) n[v.status]++;
  const named = target.policyTarget && target.policyTarget !== target.name ? `${escapeText(target.policyTarget)} · ` : '';
  const title = `${named}${escapeText(target.name)} (${target.kind}${target.stage ? `, stage ${escapeText(target.stage)}` : ''})`;
  const lines: string[] = [];
  const sections = new Map<string, RuleVerdict[]>();
  for (const v of [...verdicts].sort(byControl)) {
    const key = v.cis.length ? v.cis[0].split('.')[0] : 'hygiene';
    sections.set(key, [...(sections.get(key) ?? []), v]);
  }
  for (const [key, list] of sections) {
    const name = key === 'hygiene' ? 'Hygiene (no CIS control; weakens one)' : `Section ${key} · ${SECTION_NAMES[key] ?? ''}`;
    lines.push(`| **${name}** | | | | |\n`);
    for (const v of list) {
      const fs = findingsOf(v.id);
      const open = fs.filter((f) => f.status === 'open').length;
      const detail =
        v.status === 'skip'
          ? cell(v.reason ?? 'skipped')
          : v.status === 'fail'
            ? `${plural(fs.length, 'finding')}${fs.length - open ? ` (${fs.length - open} suppressed or waived)` : ''}`
            : '';
      lines.push(`| ${v.cis.length ? v.cis.join(', ') : '—'} | \`${v.id}\` · ${cell(v.title)} | ${v.level} · ${v.severity} | ${ICON[v.status]} | ${detail} |\n`);
    }
  }
  return {
    head:
      `<details${n.fail && unfold ? ' open' : ''}><summary><b>${title}</b>: ${n.fail} fail, ${n.pass} pass, ${n.skip} skip</summary>\n\n` +
      `| CIS | Rule | Level · severity | Result | Detail |\n| --- | --- | --- | --- | --- |\n`,
    lines,
    tail: '\n</details>\n\n',
    priority: 2,
    atomic: true,
  };
}

/** Expired and stale waivers, and a partial report, in the notes under the verdict: they need someone's attention. */
function policyNotes(report: Report): string[] {
  const c = report.config;
  const notes: string[] = [];
  const expired = c?.waivers?.filter((w) => w.status === 'expired') ?? [];
  const stale = c?.waivers?.filter((w) => w.status === 'stale') ?? [];
  const who = (w: { owner?: string }) => (w.owner ? ` (owner ${escapeText(w.owner)})` : '');
  if (expired.length) {
    notes.push(
      `⌛ ${plural(expired.length, 'waiver')} expired, so ${expired.length === 1 ? 'its findings count' : 'their findings count'} again: ` +
        expired.map((w) => `${code(w.rule)} in ${code(w.scope)}, expired ${w.expires}${who(w)}, ${code(w.where)}`).join('; ') +
        '.',
    );
  }
  if (stale.length) {
    notes.push(
      `⚠️ ${plural(stale.length, 'stale waiver')} ${stale.length === 1 ? 'matches' : 'match'} no finding (remove ${stale.length === 1 ? 'it' : 'them'} or fix the scope): ` +
        stale.map((w) => `${code(w.rule)} in ${code(w.scope)}${who(w)}, ${code(w.where)}`).join('; ') +
        (c?.only ? `. This report covers ${c.only.map(code).join(', ')} only: a waiver stale here may match another target; merge the reports to be sure` : '') +
        '.',
    );
  }
  return notes;
}

/** The policy section: settings and their sources, the exceptions, the baseline, rule changes and custom rules. */
function policyBlocks(report: Report): Block[] {
  const c = report.config;
  if (!c) return [];
  const blocks: Block[] = [];
  const lines: string[] = [];
  if (c.settings?.length) {
    lines.push('| Setting | Value | From |\n| --- | --- | --- |\n');
    for (const s of c.settings) {
      lines.push(`| ${cell(s.name)} | ${code(s.value)} | ${s.source === 'default' ? 'default' : code(s.source)}${s.overridden ? ` (overrides ${cell(s.overridden)})` : ''} |\n`);
    }
    lines.push('\n');
  }
  if (c.baseline) {
    const b = c.baseline;
    const fixed = Math.max(0, b.entries - b.matched);
    lines.push(
      `Baseline ${code(b.file)}: ${plural(b.matched, 'finding')} of the ${b.entries} it records ${b.matched === 1 ? 'is' : 'are'} still there (baselined: reported, not gated)` +
        `${fixed ? `; ${fixed} ${fixed === 1 ? 'is' : 'are'} gone (record the baseline again to drop ${fixed === 1 ? 'it' : 'them'})` : ''}. New findings fail the gate.\n\n`,
    );
  }
  if (c.rules?.length) lines.push(`Rules changed: ${c.rules.map((r) => `${code(r.rule)} ${escapeText(r.change)} (${code(r.where)})`).join('; ')}.\n\n`);
  if (c.customRules?.length) lines.push(`Custom rules: ${c.customRules.map((r) => `${code(r.id)} (${r.target}, ${code(r.where)})`).join('; ')}.\n\n`);
  if (lines.length) {
    blocks.push({ head: `### Policy${c.file ? ` · ${code(c.file)}` : ''}\n\n`, lines, tail: '', priority: 2, atomic: false });
  }
  if (c.waivers?.length) {
    const order = { expired: 0, stale: 1, applied: 2 } as const;
    const icon = { applied: '✅ applied', stale: '⚠️ stale', expired: '⌛ expired' } as const;
    const waivers = [...c.waivers].sort((a, b) => order[a.status] - order[b.status] || a.expires.localeCompare(b.expires));
    blocks.push({
      head: `### Exceptions (${plural(waivers.length, 'waiver')})\n\n| Status | Rule | Scope | Reason | Owner | Expires | Ticket | Findings |\n| --- | --- | --- | --- | --- | --- | --- | ---: |\n`,
      lines: waivers.map(
        (w) =>
          `| ${icon[w.status]} | ${code(w.rule)} | ${pipe(code(w.scope))} | ${cell(w.reason)} | ${cell(w.owner ?? '—')} | ${w.expires} | ${cell(w.ticket ?? '—')} | ${w.status === 'expired' && w.matched ? `${w.matched} (count again)` : w.matched} |\n`,
      ),
      tail: '\n',
      priority: 1,
      more: (cut) => `| … | | | ${plural(cut, 'more waiver')} not shown here | | | | |\n`,
    });
  }
  return blocks;
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of items) {
    const k = key(t);
    const list = out.get(k);
    if (list) list.push(t);
    else out.set(k, [t]);
  }
  return out;
}

function byControl(a: RuleVerdict, b: RuleVerdict): number {
  const key = (v: RuleVerdict) => (v.cis.length ? v.cis[0].split('.').map((p) => p.padStart(4, '0')).join('.') : '9999');
  return key(a).localeCompare(key(b)) || a.id.localeCompare(b.id);
}

/** Keep every essential block; spend what is left on the others by priority, cutting whole lines. */
function fit(blocks: Block[], maxBytes: number, where: string): string {
  const size = (s: string) => Buffer.byteLength(s, 'utf8');
  const note = (cut: number) =>
    `\n> ⚠️ This summary was cut to stay under GitHub's size limit: ${plural(cut, 'line')} of tables and findings ${cut === 1 ? 'is' : 'are'} not shown` +
    `${where ? `. Everything is in ${where}` : ''}.\n`;
  const reserve = size(note(10 ** 9)) + 16;
  const fixed = blocks.reduce((n, b) => n + size(b.head) + size(b.tail) + (b.more ? size(b.more(10 ** 9)) : 0), 0);
  let budget = maxBytes - fixed - reserve;
  const allowed = new Map<Block, number>();
  for (const b of [...blocks].filter((b) => b.priority > 0).sort((a, b) => a.priority - b.priority)) {
    if (b.atomic) {
      const all = b.lines.reduce((n, l) => n + size(l), 0);
      const fits = all <= budget;
      if (fits) budget -= all;
      allowed.set(b, fits ? b.lines.length : 0);
      continue;
    }
    let k = 0;
    for (const line of b.lines) {
      const s = size(line);
      if (s > budget) break;
      budget -= s;
      k++;
    }
    allowed.set(b, k);
  }
  let cut = 0;
  const out: string[] = [];
  for (const b of blocks) {
    if (b.priority === 0) {
      out.push(b.head);
      continue;
    }
    const k = allowed.get(b) ?? 0;
    cut += b.lines.length - k;
    if (k === 0 && b.lines.length) continue;
    out.push(b.head, ...b.lines.slice(0, k), ...(k < b.lines.length && b.more ? [b.more(b.lines.length - k)] : []), b.tail);
  }
  if (cut) out.splice(out.length - 1, 0, note(cut));
  let text = out.join('');
  // Essential parts alone too big (never with real reports): cut bluntly rather than fail.
  if (size(text) > maxBytes) text = Buffer.from(text, 'utf8').subarray(0, maxBytes - 200).toString('utf8').replace(/\uFFFD$/, '') + `\n\n> ⚠️ Cut to stay under GitHub's size limit.\n`;
  return text;
}

function whereToSee(files: MarkdownOptions['files']): string {
  const parts: string[] = [];
  if (files?.sarif) parts.push(`the SARIF file ${code(files.sarif)}`);
  if (files?.json) parts.push(`the JSON report ${code(files.json)}`);
  return parts.join(' and ');
}

/** A part that could be large (a long withheld list): at most 64 KiB. */
function cap(text: string, max = 64 * 1024): string {
  return Buffer.byteLength(text) <= max ? text : Buffer.from(text).subarray(0, max).toString('utf8').replace(/\uFFFD$/, '') + '\n…\n';
}

/** Pipes escaped, for text put in a table cell. */
const pipe = (s: string) => s.replace(/\|/g, '\\|');
const short = (sha: string) => code(sha.slice(0, 7));
const cis = (list: string[]) => (list.length ? `CIS ${list.join(', ')}` : 'hygiene');

export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A table cell: one line, pipes escaped, HTML neutralised. */
export function cell(s: string): string {
  return escapeText(s).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').trim();
}

/** Inline code that survives backticks in the text. */
export function code(s: string): string {
  const text = s.replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  const ticks = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

function fence(text: string, lang: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  const f = '`'.repeat(longest + 1);
  return `${f}${lang}\n${text.replace(/\n$/, '')}\n${f}\n`;
}
