/** Dockerfile text -> DockerfileModel, with dockerfile-ast for the structure and mvdan-sh for RUN bodies. */
import { DockerfileParser, type Instruction as AstInstruction } from 'dockerfile-ast';
import type { Location } from '../types.js';
import type { DockerfileModel, Flag, Heredoc, Instruction, ShellScript, Stage } from './model.js';
import { MappedTextBuilder, parseShell, type MappedText } from './shell.js';
import { substitute } from './substitute.js';

export interface ParseOptions {
  /** The stage to build (`--target`); the last stage when absent. */
  target?: string;
  /** Build arguments (`--build-arg K=V`), which override ARG defaults. */
  buildArgs?: Record<string, string>;
}

const KEYWORDS = new Set([
  'FROM', 'RUN', 'CMD', 'LABEL', 'MAINTAINER', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT',
  'VOLUME', 'USER', 'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL',
]);
const POSIX_SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh', 'busybox']);
/** The SHELL of a Linux stage until a SHELL instruction changes it. */
const DEFAULT_SHELL = ['/bin/sh', '-c'];

type Range = { start: { line: number; character: number }; end: { line: number; character: number } };

function toLocation(file: string, r: Range): Location {
  return {
    file,
    startLine: r.start.line + 1,
    startColumn: r.start.character + 1,
    endLine: r.end.line + 1,
    endColumn: r.end.character + 1,
  };
}

const basename = (p: string) => p.slice(p.lastIndexOf('/') + 1);
/** The parser directives Docker knows; other `# key=value` lines at the top are comments. */
const DIRECTIVES = new Set(['syntax', 'escape', 'check']);
/** Only these instructions take heredocs. */
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);
/** Problems listed one by one before the rest are summed up. */
const MAX_ERRORS = 50;

/** Does a flag (`--from=...`) follow the keyword? A cheap look at the text before asking dockerfile-ast. */
function mayHaveFlags(lines: string[], keyword: Range, escape: string): boolean {
  const rest = (lines[keyword.end.line] ?? '').slice(keyword.end.character).trimStart();
  // A keyword alone on its line (`RUN \`) is rare: let dockerfile-ast decide.
  return rest.startsWith('--') || rest === '' || rest === escape;
}

/** Is this command (a SHELL, a shebang) a POSIX shell? `/usr/bin/env bash` counts. */
function isPosixShell(argv: string[]): boolean {
  let i = 0;
  if (basename(argv[0] ?? '') === 'env') {
    i = 1;
    while (i < argv.length && (argv[i].startsWith('-') || argv[i].includes('='))) i++;
  }
  return POSIX_SHELLS.has(basename(argv[i] ?? ''));
}

/** A word's value with ARGs resolved, or as written when one has no value (`--platform=$BUILDPLATFORM`). */
function resolvedOrWritten(written: string, env: Record<string, string>, escape: string): string {
  const r = substitute(written, env, escape);
  return r.unresolved.length ? written : r.value;
}

/**
 * The lines (0-based) that Docker reads as parser directives: `# name=value` lines of a known name at the very top,
 * up to the first line that is not one. A directive after an unknown one, a blank line or a comment is a comment.
 */
function parserDirectives(lines: string[]): Set<number> {
  const out = new Set<number>();
  const seen = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const m = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/.exec((i === 0 ? lines[i].replace(/^\uFEFF/, '') : lines[i]).trimStart());
    const name = m?.[1].toLowerCase();
    if (!name || !DIRECTIVES.has(name) || seen.has(name)) break;
    seen.add(name);
    out.add(i);
  }
  return out;
}

/**
 * dockerfile-ast honours `# escape=` anywhere in the top block of comments; Docker only as a real directive. Hide
 * an escape line Docker would read as a comment (its `=` becomes a blank: same length, same positions).
 */
function withoutFalseEscape(text: string, directives: Set<number>): string {
  const parts = text.split(/(\r\n|\r|\n)/);
  let changed = false;
  for (let i = 0; 2 * i < parts.length; i++) {
    const line = parts[2 * i];
    if (!/^\s*#/.test(line)) break;
    if (!directives.has(i) && /^\s*#\s*escape\s*=/i.test(line)) {
      parts[2 * i] = line.replace('=', ' ');
      changed = true;
    }
  }
  return changed ? parts.join('') : text;
}

/** The unresolved stage the `target` names, or an error message listing the stages there are. */
export class UnknownTargetError extends Error {}

export function parseDockerfile(text: string, file: string, options: ParseOptions = {}): DockerfileModel {
  const buildArgs = options.buildArgs ?? {};
  // Lines as dockerfile-ast (and editors) count them: \r\n, \n and a lone \r each end a line.
  const lines = text.split(/\r\n|\r|\n/);
  const directives = parserDirectives(lines);
  const ast = DockerfileParser.parse(withoutFalseEscape(text, directives));
  const errors: DockerfileModel['errors'] = [];
  const lineLocation = (line: number): Location => ({
    file,
    startLine: line,
    startColumn: 1,
    endLine: line,
    endColumn: (lines[line - 1]?.length ?? 0) + 1,
  });

  for (const directive of ast.getDirectives()) {
    if (directive.getName().toLowerCase() === 'escape' && directives.has((directive.getRange() as Range).start.line)) {
      const value = directive.getValue();
      if (value !== '\\' && value !== '`') {
        errors.push({
          message: `invalid escape directive "${value}": it must be \\ or \``,
          location: toLocation(file, directive.getRange() as Range),
        });
      }
    }
  }
  const escape: '\\' | '`' = ast.getEscapeCharacter() === '`' ? '`' : '\\';

  const globalArgs: Instruction[] = [];
  const stages: Stage[] = [];
  const globalEnv: Record<string, string> = {};
  let stageArgs: Record<string, string> = {};
  let stageEnv: Record<string, string> = {};
  let env: Record<string, string> = {};
  let shellPosix = true;
  const shellOf = new Map<number, boolean>();
  let shellCommand = DEFAULT_SHELL;
  const shellCommandOf = new Map<number, string[]>();
  const envOf = new Map<number, Record<string, string>>();

  for (const ast_ins of ast.getInstructions()) {
    const range = ast_ins.getRange() as Range;
    const location = toLocation(file, range);
    const keyword = ast_ins.getKeyword().toUpperCase();
    if (!KEYWORDS.has(keyword)) {
      errors.push({ message: `unknown instruction "${ast_ins.getInstruction()}"`, location: lineLocation(location.startLine) });
      continue;
    }
    // dockerfile-ast recomputes arguments on each call: ask for flags and heredocs only where there can be some.
    const allArgs = ast_ins.getArguments();
    (ast_ins as { getArguments: () => typeof allArgs }).getArguments = () => allArgs; // later calls inside dockerfile-ast reuse them
    const flags: Flag[] =
      'getFlags' in ast_ins && mayHaveFlags(lines, ast_ins.getInstructionRange() as Range, escape)
        ? (ast_ins as any).getFlags().map((f: any) => ({ name: f.getName(), value: f.getValue() }))
        : [];
    const heredocs =
      HEREDOC_KEYWORDS.has(keyword) && allArgs.some((a) => a.getValue().startsWith('<<')) ? readHeredocs(ast_ins, lines, file, errors) : [];
    // The command line ends where the first heredoc's body begins; the bodies are in `heredocs`.
    const bodyLine = heredocs.length ? heredocs[0].contentLine : Infinity;
    const astArgs = heredocs.length ? allArgs.filter((a) => (a.getRange() as Range).start.line + 1 < bodyLine) : allArgs;
    const argv = astArgs.map((a) => a.getValue());
    const commandLine = logicalLine(astArgs, lines, escape);
    const argsText = commandLine.text;
    const json = jsonForm(argsText);
    const ins: Instruction = {
      keyword,
      args: argsText,
      argv,
      flags,
      jsonForm: json !== undefined,
      json,
      heredocs,
      env,
      location,
      stageIndex: stages.length - 1,
    };

    if (keyword === 'FROM') {
      const image = argv[0];
      if (!image) {
        errors.push({ message: 'FROM needs an image', location });
        continue;
      }
      const resolved = substitute(image, globalEnv, escape);
      const name = argv[1]?.toUpperCase() === 'AS' && argv[2] ? argv[2].toLowerCase() : undefined;
      const parentName = resolved.value.toLowerCase();
      const parent = stages.findIndex((s) => s.name !== undefined && s.name === parentName);
      const platformFlag = flags.find((f) => f.name === 'platform');
      const index = stages.length;
      ins.stageIndex = index;
      stageArgs = {};
      stageEnv = parent >= 0 ? { ...(envOf.get(parent) ?? {}) } : {};
      env = { ...stageEnv };
      ins.env = env;
      shellPosix = parent >= 0 ? (shellOf.get(parent) ?? true) : true;
      shellCommand = parent >= 0 ? (shellCommandOf.get(parent) ?? DEFAULT_SHELL) : DEFAULT_SHELL;
      stages.push({
        index,
        name,
        baseImage: image,
        baseImageResolved: resolved.unresolved.length ? undefined : resolved.value,
        parentStage: parent >= 0 ? parent : undefined,
        platform: platformFlag?.value ? resolvedOrWritten(platformFlag.value, globalEnv, escape) : undefined,
        from: ins,
        instructions: [ins],
      });
      continue;
    }

    if (keyword === 'ARG') {
      // Values are expanded with what was in effect before this instruction (`ARG A=1 B=$A` gives B the old A);
      // inside a stage only its own ARGs and ENV count: a global ARG must be declared again to be seen.
      const scope = stages.length === 0 ? { ...globalEnv } : { ...stageArgs, ...stageEnv };
      for (const prop of (ast_ins as any).getProperties?.() ?? []) {
        const name: string = prop.getName();
        // The value as written (quotes and escapes included): Docker processes it like any other word.
        const raw: string | null = prop.getValue() === null ? null : (prop.getUnescapedValue() ?? '');
        const fallback = raw !== null ? substitute(raw, scope, escape).value : stages.length ? globalEnv[name] : undefined;
        const value = buildArgs[name] ?? fallback;
        if (stages.length === 0) {
          if (value !== undefined) globalEnv[name] = value;
        } else if (value !== undefined) {
          stageArgs[name] = value;
        }
      }
      if (stages.length === 0) {
        globalArgs.push(ins);
        continue;
      }
    } else if (stages.length === 0) {
      errors.push({ message: `${keyword} before the first FROM: only ARG may come before FROM`, location: lineLocation(location.startLine) });
      continue;
    }

    const stage = stages[stages.length - 1];
    if (keyword === 'ENV') {
      const scope = { ...stageArgs, ...stageEnv };
      for (const prop of (ast_ins as any).getProperties?.() ?? []) {
        const value: string | null = prop.getValue() === null ? null : (prop.getUnescapedValue() ?? '');
        stageEnv[prop.getName()] = substitute(value ?? '', scope, escape).value;
      }
    }
    if (keyword === 'SHELL' && json?.length) {
      shellPosix = isPosixShell(json);
      shellCommand = json;
    }
    if (keyword === 'RUN') ins.shellCommand = shellCommand;
    if (keyword === 'RUN' && !ins.jsonForm) ins.shell = shellFor(ins, commandLine, lines, file, shellPosix);
    stage.instructions.push(ins);
    if (keyword === 'ARG' || keyword === 'ENV') {
      env = { ...stageArgs, ...stageEnv };
    }
    envOf.set(stage.index, { ...stageEnv });
    shellOf.set(stage.index, shellPosix);
    shellCommandOf.set(stage.index, shellCommand);
  }

  if (stages.length === 0) {
    // Not a Dockerfile at all (a README, a JSON file): one clear message instead of one per line.
    const first = errors[0];
    errors.length = 0;
    errors.push({
      message: `no FROM instruction: this is not a Dockerfile${first ? ` (line ${first.location.startLine}: ${first.message})` : ''}`,
      location: first?.location ?? lineLocation(1),
    });
  } else if (errors.length > MAX_ERRORS) {
    const more = errors.length - MAX_ERRORS;
    const next = errors[MAX_ERRORS];
    errors.length = MAX_ERRORS;
    errors.push({ message: `${more} more problem${more === 1 ? '' : 's'} like the ones above, from here on`, location: next.location });
  }

  let finalStage = stages.length - 1;
  if (options.target !== undefined && stages.length) {
    finalStage = stages.findIndex((s) => s.name === options.target!.toLowerCase());
    if (finalStage < 0) {
      const names = stages.map((s) => s.name).filter(Boolean);
      throw new UnknownTargetError(
        `${file}: target stage "${options.target}" not found; stages are: ${names.length ? names.join(', ') : '(none named)'}`,
      );
    }
  }

  const commentText = (line: number) => {
    const t = lines[line] ?? '';
    return t.slice(t.indexOf('#') + 1).trim();
  };
  const comments = ast.getComments().map((c) => ({ line: (c.getRange() as Range).start.line + 1, text: commentText((c.getRange() as Range).start.line) }));
  // dockerfile-ast reads any `# word ... = value` line at the top as a parser directive; Docker knows only these
  // and treats the others as comments (`# hadolint global ignore=DL3002`, a suppression above the first FROM).
  for (const d of ast.getDirectives()) {
    if (directives.has((d.getRange() as Range).start.line)) continue;
    const line = (d.getRange() as Range).start.line;
    comments.push({ line: line + 1, text: commentText(line) });
  }
  comments.sort((a, b) => a.line - b.line);
  return { file, lines, escape, globalArgs, stages, finalStage, comments, errors };
}

function jsonForm(args: string): string[] | undefined {
  const t = args.trim();
  if (!t.startsWith('[')) return undefined;
  try {
    const v = JSON.parse(t);
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;
  } catch {
    return undefined;
  }
}

function readHeredocs(ins: AstInstruction, lines: string[], file: string, errors: DockerfileModel['errors']): Heredoc[] {
  const getter = (ins as any).getHeredocs;
  if (typeof getter !== 'function') return [];
  const out: Heredoc[] = [];
  for (const h of getter.call(ins)) {
    const content = h.getContentRange() as Range | null;
    const start = (h.getStartRange() as Range).start.line;
    if (!h.getDelimiterRange()) {
      errors.push({
        message: `unterminated heredoc <<${h.getName()}: no line "${h.getName()}" closes it`,
        location: toLocation(file, h.getStartRange() as Range),
      });
    }
    const from = content ? content.start.line : start + 1;
    const to = content ? content.end.line : start;
    out.push({ name: h.getName(), content: lines.slice(from, to + 1).join('\n'), contentLine: from + 1 });
  }
  return out;
}

/**
 * The instruction's command line as Docker reads it: continuation lines joined (the escape character and the
 * line break removed, nothing put in their place), comment and empty lines inside the continuation dropped.
 * Each character keeps its Dockerfile position.
 */
function logicalLine(args: { getRange(): unknown }[], lines: string[], escape: string): MappedText {
  const out = new MappedTextBuilder();
  if (!args.length) return out.build();
  const first = args[0].getRange() as Range;
  const last = args[args.length - 1].getRange() as Range;
  for (let l = first.start.line; l <= last.end.line; l++) {
    const text = lines[l] ?? '';
    const from = l === first.start.line ? first.start.character : 0;
    const raw = l === last.end.line ? text.slice(from, last.end.character) : text.slice(from);
    if (l !== first.start.line && (raw.trim() === '' || raw.trimStart().startsWith('#'))) continue;
    const trimmed = raw.trimEnd();
    out.add(l < last.end.line && trimmed.endsWith(escape) ? trimmed.slice(0, -1) : raw, l + 1, from + 1);
  }
  return out.build();
}

/** The shell script a RUN runs, with the Dockerfile position of every character, parsed into commands. */
function shellFor(ins: Instruction, commandLine: MappedText, lines: string[], file: string, posix: boolean): ShellScript {
  if (!posix) return { commands: [], posix: false };
  if (!commandLine.text.trim()) return { commands: [], posix: true };
  if (!ins.heredocs.length) return parseShell(commandLine, file);

  if (ins.argv.length === 1 && /^\d*<<-?/.test(ins.argv[0])) {
    // `RUN <<EOF`: the body is the script, run by the shell, or by the interpreter its shebang names.
    const body = ins.heredocs[0];
    if (body.content.startsWith('#!') && !isPosixShell(body.content.split('\n')[0].slice(2).trim().split(/\s+/))) {
      return { commands: [], posix: false };
    }
    const out = new MappedTextBuilder();
    body.content.split('\n').forEach((l, i) => out.add(l + '\n', body.contentLine + i, 1));
    return parseShell(out.build(), file);
  }
  // `RUN cmd <<EOF`: the shell reads the command line, then the heredoc bodies and their closing lines.
  const out = new MappedTextBuilder();
  out.addMapped(commandLine);
  out.addSynthetic('\n');
  for (let l = ins.heredocs[0].contentLine - 1; l < ins.location.endLine && l < lines.length; l++) out.add(lines[l] + '\n', l + 1, 1);
  return parseShell(out.build(), file);
}
