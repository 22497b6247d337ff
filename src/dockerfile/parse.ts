/** Dockerfile text -> DockerfileModel, with dockerfile-ast for the structure and mvdan-sh for RUN bodies. */
import { DockerfileParser, type Instruction as AstInstruction } from 'dockerfile-ast';
import type { Location } from '../types.js';
import type { DockerfileModel, Flag, Heredoc, Instruction, ShellScript, Stage } from './model.js';
import { MappedTextBuilder, parseShell } from './shell.js';
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

/** The unresolved stage the `target` names, or an error message listing the stages there are. */
export class UnknownTargetError extends Error {}

export function parseDockerfile(text: string, file: string, options: ParseOptions = {}): DockerfileModel {
  const buildArgs = options.buildArgs ?? {};
  const lines = text.split(/\r?\n/);
  const ast = DockerfileParser.parse(text);
  const errors: DockerfileModel['errors'] = [];
  const lineLocation = (line: number): Location => ({
    file,
    startLine: line,
    startColumn: 1,
    endLine: line,
    endColumn: (lines[line - 1]?.length ?? 0) + 1,
  });

  for (const directive of ast.getDirectives()) {
    if (directive.getName().toLowerCase() === 'escape') {
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
  const envOf = new Map<number, Record<string, string>>();

  for (const ast_ins of ast.getInstructions()) {
    const range = ast_ins.getRange() as Range;
    const location = toLocation(file, range);
    const keyword = ast_ins.getKeyword().toUpperCase();
    if (!KEYWORDS.has(keyword)) {
      errors.push({ message: `unknown instruction "${ast_ins.getKeyword()}"`, location: lineLocation(location.startLine) });
      continue;
    }
    const flags: Flag[] = 'getFlags' in ast_ins ? (ast_ins as any).getFlags().map((f: any) => ({ name: f.getName(), value: f.getValue() })) : [];
    const argv = ast_ins.getArguments().map((a) => a.getValue());
    const argsText = ast_ins.getArgumentsContent() ?? '';
    const json = jsonForm(argsText);
    const heredocs = readHeredocs(ast_ins, lines, file, errors);
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
      stages.push({
        index,
        name,
        baseImage: image,
        baseImageResolved: resolved.unresolved.length ? undefined : resolved.value,
        parentStage: parent >= 0 ? parent : undefined,
        platform: platformFlag?.value ? substitute(platformFlag.value, globalEnv, escape).value : undefined,
        from: ins,
        instructions: [ins],
      });
      continue;
    }

    if (keyword === 'ARG') {
      for (const prop of (ast_ins as any).getProperties?.() ?? []) {
        const name: string = prop.getName();
        const raw: string | null = prop.getValue();
        const scope = stages.length === 0 ? globalEnv : { ...globalEnv, ...stageArgs, ...stageEnv };
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
      for (const prop of (ast_ins as any).getProperties?.() ?? []) {
        const value = prop.getValue();
        stageEnv[prop.getName()] = substitute(value ?? '', { ...stageArgs, ...stageEnv }, escape).value;
      }
    }
    if (keyword === 'SHELL' && json?.length) shellPosix = POSIX_SHELLS.has(basename(json[0]));
    if (keyword === 'RUN' && !ins.jsonForm) ins.shell = shellFor(ast_ins, ins, lines, file, escape, shellPosix);
    stage.instructions.push(ins);
    if (keyword === 'ARG' || keyword === 'ENV') {
      env = { ...stageArgs, ...stageEnv };
    }
    envOf.set(stage.index, { ...stageEnv });
    shellOf.set(stage.index, shellPosix);
  }

  if (stages.length === 0 && errors.length === 0) {
    errors.push({ message: 'no FROM instruction: this is not a Dockerfile', location: lineLocation(1) });
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

  const comments = ast.getComments().map((c) => ({ line: (c.getRange() as Range).start.line + 1, text: c.getContent() }));
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

/** Build the text the shell would run, keeping the Dockerfile position of every character. */
function shellFor(
  ast_ins: AstInstruction,
  ins: Instruction,
  lines: string[],
  file: string,
  escape: string,
  posix: boolean,
): ShellScript {
  if (!posix) return { commands: [], posix: false };
  const args = ast_ins.getArguments();
  if (!args.length) return { commands: [], posix: true };
  const first = args[0].getRange() as Range;
  const out = new MappedTextBuilder();

  if (ins.heredocs.length) {
    const head = lines[first.start.line].slice(first.start.character);
    const bare = head.trim().split(/\s+/).every((w) => w.startsWith('<<'));
    if (bare) {
      // `RUN <<EOF`: the heredoc content is the script (unless a shebang names another interpreter).
      const body = ins.heredocs[0];
      const shebang = body.content.startsWith('#!') ? basename(body.content.split('\n')[0].slice(2).trim().split(/\s+/)[0]) : 'sh';
      if (!POSIX_SHELLS.has(shebang) && shebang !== 'env') return { commands: [], posix: false };
      body.content.split('\n').forEach((l, i) => out.add(l + '\n', body.contentLine + i, 1));
      return parseShell(out.build(), file);
    }
    // `RUN cmd <<EOF`: the shell reads the command line and the heredocs verbatim.
    out.add(head + '\n', first.start.line + 1, first.start.character + 1);
    const end = (ast_ins.getRange() as Range).end.line;
    for (let l = first.start.line + 1; l <= end; l++) out.add(lines[l] + '\n', l + 1, 1);
    return parseShell(out.build(), file);
  }

  // Shell form: Docker joins continuation lines and drops comment and empty lines inside them.
  const end = (ast_ins.getRange() as Range).end.line;
  for (let l = first.start.line; l <= end; l++) {
    const startCol = l === first.start.line ? first.start.character : 0;
    const raw = lines[l].slice(startCol);
    if (l !== first.start.line && (raw.trim() === '' || raw.trimStart().startsWith('#'))) continue;
    const trimmed = raw.trimEnd();
    if (l < end && trimmed.endsWith(escape)) {
      out.add(trimmed.slice(0, -1), l + 1, startCol + 1);
    } else {
      out.add(raw, l + 1, startCol + 1);
      if (l < end) out.addSynthetic('\n');
    }
  }
  return parseShell(out.build(), file);
}
