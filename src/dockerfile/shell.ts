/**
 * RUN bodies parsed with a real shell parser (mvdan-sh, a port of mvdan/sh) into simple commands,
 * their arguments, the operators between them, and positions mapped back to the Dockerfile.
 *
 * mvdan-sh is Go compiled to JavaScript by GopherJS. Its public API wraps every node it hands out in a new
 * JavaScript object, which made walking a tree cost far more than parsing it; so after `Parse` this module reads
 * the Go values underneath (`__internal_object__`): structs are objects with the Go field names, slices are
 * `{$array, $offset, $length}`, strings are UTF-8 bytes, positions are byte offsets (`Pos().offs`). mvdan-sh is
 * frozen at 0.10.1 (the project moved to sh-syntax), and `selfTest` below fails loudly if that shape ever changes.
 */
import sh from 'mvdan-sh';
import type { Location } from '../types.js';
import type { ShellCommand, ShellScript } from './model.js';

const { syntax } = sh;

/** Source text for the shell parser, with the Dockerfile line and column of every character. */
export interface MappedText {
  text: string;
  lines: number[];
  columns: number[];
}

export class MappedTextBuilder {
  private parts: string[] = [];
  private lines: number[] = [];
  private columns: number[] = [];
  /** Append `s`, whose first character sits at Dockerfile `line`:`column` (1-based). */
  add(s: string, line: number, column: number): void {
    this.parts.push(s);
    for (let i = 0; i < s.length; i++) {
      this.lines.push(line);
      this.columns.push(column + i);
    }
  }
  /** Append a character that has no place of its own (a joining newline), mapped to the one before. */
  addSynthetic(s: string): void {
    const line = this.lines.at(-1) ?? 1;
    const column = (this.columns.at(-1) ?? 0) + 1;
    this.add(s, line, column);
  }
  /** Append text that already carries its positions. */
  addMapped(m: MappedText): void {
    this.parts.push(m.text);
    for (let i = 0; i < m.text.length; i++) {
      this.lines.push(m.lines[i]);
      this.columns.push(m.columns[i]);
    }
  }
  build(): MappedText {
    return { text: this.parts.join(''), lines: this.lines, columns: this.columns };
  }
}

/** Shells whose scripts we can read: `sh -c '...'`, `bash <<EOF`. */
export const POSIX_SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh', 'busybox']);
/** How deep scripts inside scripts (`bash -c "sh -c '...'"`, heredocs fed to a shell) are followed. */
const MAX_DEPTH = 3;

// Go operator codes of mvdan/sh v3 (syntax.BinCmdOperator, syntax.RedirOperator).
const AND_STMT = 10;
const OR_STMT = 11;
const PIPE = 12;
const PIPE_ALL = 13;
const HDOC = 61;
const DASH_HDOC = 62;

type Op = ShellCommand['operatorBefore'];
type GoNode = any; // eslint-disable-line @typescript-eslint/no-explicit-any
interface Pipe {
  id: number;
  index: number;
  length: number;
}

const parser = syntax.NewParser(syntax.KeepComments(false), syntax.Variant(syntax.LangBash));

/** The Go type name of an internal value (`CallExpr`), or '' for nil and non-nodes. */
function kind(v: GoNode): string {
  const c = v?.constructor;
  if (!c || typeof c.string !== 'string' || c.nil === v) return '';
  const s: string = c.string;
  return s.startsWith('*syntax.') ? s.slice(8) : '';
}

/** A Go slice as a JavaScript array. */
function list(s: GoNode): GoNode[] {
  if (!s || !s.$array || !s.$length) return [];
  return s.$offset === 0 && s.$array.length === s.$length ? s.$array : s.$array.slice(s.$offset, s.$offset + s.$length);
}

/** Go string (UTF-8 bytes) -> JavaScript string. */
function goString(s: unknown): string {
  if (typeof s !== 'string') return '';
  return /[\x80-\xff]/.test(s) ? Buffer.from(s, 'latin1').toString('utf8') : s;
}

/** Lone surrogates become U+FFFD (same length), so the parser's UTF-8 byte offsets can be mapped back. */
function wellFormed(text: string): string {
  return /[\ud800-\udfff]/.test(text) ? text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd') : text;
}

/** Byte offsets (what the Go parser counts) -> string indices (what we count). */
function byteIndexer(text: string): (byte: number) => number {
  if (!/[^\x00-\x7f]/.test(text)) return (b) => b;
  const map: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      map.push(i, i, i, i);
      i++;
    } else map.push(...(c < 0x80 ? [i] : c < 0x800 ? [i, i] : [i, i, i]));
  }
  map.push(text.length);
  return (b) => map[Math.min(Math.max(b, 0), map.length - 1)];
}

interface State {
  file: string;
  commands: ShellCommand[];
  nextPipeline: number;
}

interface Source {
  mapped: MappedText;
  /** The text as parsed (lone surrogates made well-formed, so byte offsets map back). */
  src: string;
  at: (byte: number) => number;
  depth: number;
}

function locate(mapped: MappedText, file: string, start: number, end: number): Location {
  const n = mapped.lines.length;
  if (!n) return { file, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
  const at = (o: number) => Math.min(Math.max(o, 0), n - 1);
  const last = at(Math.max(start, end - 1));
  return {
    file,
    startLine: mapped.lines[at(start)],
    startColumn: mapped.columns[at(start)],
    endLine: mapped.lines[last],
    endColumn: mapped.columns[last] + 1,
  };
}

/**
 * Parse a RUN body. Most RUN lines are plain command lists (`apt-get update && apt-get install -y curl`): those
 * are read by `simpleCommands`, which gives exactly what the full parser gives for that small language (a
 * property test holds the two to it) at a fraction of the cost; everything else goes to mvdan-sh.
 */
export function parseShell(mapped: MappedText, file: string, options: { fastPath?: boolean } = {}): ShellScript {
  if (options.fastPath !== false) {
    const commands = simpleCommands(mapped, file);
    if (commands) return { commands, posix: true };
  }
  const state: State = { file, commands: [], nextPipeline: 0 };
  const error = parseInto(mapped, state, 0);
  if (error) return { commands: [], posix: true, error };
  return { commands: state.commands, posix: true };
}

/** Characters a simple command line may use outside quotes (besides letters, digits, blanks and `&|;'"`). */
const PLAIN = new Set([...'_-.,/:=+@%^~*?[]']);
/** Words that make a command line more than a list of simple commands. */
const RESERVED = new Set([
  'if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'case', 'esac', 'while', 'until', 'for', 'in', 'select',
  'function', 'time', 'coproc', '{', '}', '!', '[[', ']]', 'export', 'declare', 'local', 'readonly', 'typeset', 'nameref',
  'let',
]);

/** A parameter expansion with no operator: `$NAME`, `${NAME}`. */
const SIMPLE_PARAM = /^\$(?:[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*\})/;

/** Is every `$` in this double-quoted text a simple parameter expansion? */
function onlySimpleParams(inner: string): boolean {
  for (let i = inner.indexOf('$'); i >= 0; i = inner.indexOf('$', i + 1)) {
    if (!SIMPLE_PARAM.test(inner.slice(i, i + 256))) return false;
  }
  return true;
}

interface Token {
  /** The word with quotes removed, or the operator. */
  value: string;
  op: boolean;
  start: number;
  end: number;
  /** Where the first quote is (for assignments, whose name must be unquoted); -1 when none. */
  quoteAt: number;
}

/**
 * Simple commands joined by `&&`, `||`, `|` and `;`, with words made of plain characters and single or double
 * quotes holding no expansion; undefined for anything else (the full parser decides).
 */
export function simpleCommands(mapped: MappedText, file: string): ShellCommand[] | undefined {
  const t = mapped.text;
  const tokens: Token[] = [];
  let word: Token | undefined;
  const end = (i: number) => {
    if (word) {
      word.end = i;
      tokens.push(word);
      word = undefined;
    }
  };
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    const code = c.charCodeAt(0);
    if (c === ' ' || c === '\t') {
      end(i);
      continue;
    }
    if (c === '#' && !word) {
      // A comment runs to the end of the line.
      const nl = t.indexOf('\n', i);
      i = (nl < 0 ? t.length : nl) - 1;
      continue;
    }
    if (c === '\n') {
      // A line break ends a command like `;`; after an operator (or another break) it is only a blank.
      end(i);
      const last = tokens.at(-1);
      if (last && !last.op) tokens.push({ value: ';', op: true, start: i, end: i + 1, quoteAt: -1 });
      continue;
    }
    if (c === '&' || c === '|' || c === ';') {
      end(i);
      const d = t[i + 1];
      let op: string;
      if (c === '&') {
        if (d !== '&') return undefined;
        op = '&&';
      } else if (c === '|') {
        if (d === '&') return undefined;
        op = d === '|' ? '||' : '|';
      } else {
        if (d === ';' || d === '&') return undefined;
        op = ';';
      }
      tokens.push({ value: op, op: true, start: i, end: i + op.length, quoteAt: -1 });
      i += op.length - 1;
      continue;
    }
    word ??= { value: '', op: false, start: i, end: i, quoteAt: -1 };
    if (c === "'" || c === '"') {
      const close = t.indexOf(c, i + 1);
      if (close < 0) return undefined;
      const inner = t.slice(i + 1, close);
      if (c === '"' && (/[`\\!]/.test(inner) || (inner.includes('$') && !onlySimpleParams(inner)))) return undefined;
      if (/[^\x20-\x7e\t]/.test(inner)) return undefined;
      if (word.quoteAt < 0) word.quoteAt = word.value.length;
      word.value += inner;
      i = close;
      continue;
    }
    if ((code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || PLAIN.has(c)) {
      word.value += c;
      continue;
    }
    if (c === '$') {
      // `$NAME` and `${NAME}` are kept as written, as the full parser keeps them.
      const m = SIMPLE_PARAM.exec(t.slice(i, i + 256));
      if (!m) return undefined;
      word.value += m[0];
      i += m[0].length - 1;
      continue;
    }
    return undefined;
  }
  end(t.length);

  // Commands: words between operators; an operator needs a command on each side (a trailing `;` is fine).
  const groups: { words: Token[]; op?: Token }[] = [];
  let current: Token[] = [];
  let pendingOp: Token | undefined;
  for (const tok of tokens) {
    if (tok.op) {
      if (!current.length) return undefined;
      groups.push({ words: current, op: pendingOp });
      current = [];
      pendingOp = tok;
    } else current.push(tok);
  }
  if (current.length) groups.push({ words: current, op: pendingOp });
  else if (pendingOp && pendingOp.value !== ';') return undefined;
  if (!groups.length) return undefined;

  const commands: ShellCommand[] = [];
  let nextPipeline = 0;
  let pipe: { id: number; length: number; index: number } | undefined;
  for (let g = 0; g < groups.length; g++) {
    const { words, op } = groups[g];
    const assigns: Record<string, string> = {};
    let w = 0;
    for (; w < words.length; w++) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=/.exec(words[w].value);
      if (!m || (words[w].quoteAt >= 0 && words[w].quoteAt < m[0].length)) break;
      if (m[2]) return undefined; // `a+=1`
      assigns[m[1]] = words[w].value.slice(m[0].length);
    }
    const rest = words.slice(w).map((x) => x.value);
    if (rest.length && RESERVED.has(rest[0])) return undefined;
    if (rest.length && /^[A-Za-z_][A-Za-z0-9_]*\[/.test(rest[0])) return undefined; // `a[1]=x` assigns an array element
    if (rest.length && shellOptions(rest)?.script === 'string') return undefined; // `sh -c '...'`: the full parser reads the script
    // Pipelines: members are the commands joined by `|`.
    const joinedNext = groups[g + 1]?.op?.value === '|';
    if (op?.value === '|') pipe = { ...pipe!, index: pipe!.index + 1 };
    else if (joinedNext) {
      let length = 1;
      while (groups[g + length]?.op?.value === '|') length++;
      pipe = { id: nextPipeline++, length, index: 0 };
    } else pipe = undefined;
    commands.push({
      name: rest[0] ?? '',
      args: rest.slice(1),
      assigns,
      operatorBefore: op?.value as ShellCommand['operatorBefore'],
      pipelineId: pipe ? pipe.id : -1 - commands.length,
      pipelineIndex: pipe ? pipe.index : 0,
      pipelineLength: pipe ? pipe.length : 1,
      location: locate(mapped, file, words[0].start, words[words.length - 1].end),
    });
  }
  return commands;
}

/** Parse one script and append its commands; returns the parse error, if any. */
function parseInto(mapped: MappedText, state: State, depth: number): ShellScript['error'] {
  const src = wellFormed(mapped.text);
  const at = byteIndexer(src);
  let root: GoNode;
  try {
    root = parser.Parse(src, state.file).__internal_object__;
  } catch (e: any) {
    const message = typeof e?.Error === 'function' ? String(e.Error()) : String(e?.message ?? e);
    const offset = typeof e?.Pos?.Offset === 'function' ? at(Number(e.Pos.Offset())) : 0;
    return { message: message.replace(/^[^:]*:\d+:\d+: /, ''), location: locate(mapped, state.file, offset, offset + 1) };
  }
  walk({ mapped, src, at, depth }, state, list(root.Stmts));
  return undefined;
}

interface Task {
  stmt: GoNode;
  op: Op;
  pipe?: Pipe;
}

/**
 * Visit statements in source order without recursion (a 10,000-command `&&` chain is a 10,000-deep tree):
 * each statement is given the operator that joins it to the one before and the pipeline it belongs to.
 */
function walk(source: Source, state: State, stmts: GoNode[], op?: Op): void {
  const stack: Task[] = [];
  const pushList = (tasks: Task[]) => {
    for (let i = tasks.length - 1; i >= 0; i--) stack.push(tasks[i]);
  };
  const listTasks = (items: GoNode[], first: Op, pipe?: Pipe): Task[] => items.map((stmt, i) => ({ stmt, op: i === 0 ? first : ';', pipe }));
  pushList(listTasks(stmts, op));

  while (stack.length) {
    const { stmt, op, pipe } = stack.pop()!;
    if (kind(stmt) !== 'Stmt') continue;
    const cmd = stmt.Cmd;
    const type = kind(cmd);
    const next: Task[] = [];
    const nested = (node: GoNode) => substitutions(node, (items) => next.push(...listTasks(items, undefined, pipe)));
    switch (type) {
      case 'BinaryCmd':
        if (cmd.Op === PIPE || cmd.Op === PIPE_ALL) {
          const members = pipeMembers(stmt);
          const id = pipe ? pipe.id : state.nextPipeline++;
          members.forEach((m, index) => next.push({ stmt: m, op: index === 0 ? op : '|', pipe: pipe ?? { id, index, length: members.length } }));
        } else {
          next.push({ stmt: cmd.X, op, pipe }, { stmt: cmd.Y, op: cmd.Op === AND_STMT ? '&&' : cmd.Op === OR_STMT ? '||' : ';', pipe });
        }
        break;
      case 'CallExpr': {
        const words = list(cmd.Args).map((w) => wordText(source, w));
        const assigns: Record<string, string> = {};
        for (const a of list(cmd.Assigns)) assigns[kind(a.Name) ? goString(a.Name.Value) : ''] = kind(a.Value) ? wordText(source, a.Value) : '';
        emit(source, state, cmd, words[0] ?? '', words.slice(1), assigns, op, pipe);
        for (const a of list(cmd.Assigns)) nested(a);
        for (const w of list(cmd.Args)) nested(w);
        innerScripts(source, state, stmt, words);
        break;
      }
      case 'DeclClause': {
        // `export A=1`, `declare -x B`, `readonly C`: a command with its variables as assignments.
        const args: string[] = [];
        const assigns: Record<string, string> = {};
        for (const a of list(cmd.Args)) {
          const name = kind(a.Name) ? goString(a.Name.Value) : '';
          const value = kind(a.Value) ? wordText(source, a.Value) : undefined;
          if (name) {
            assigns[name] = value ?? '';
            args.push(value === undefined || a.Naked ? name : `${name}=${value}`);
          } else if (value !== undefined) args.push(value);
          nested(a);
        }
        emit(source, state, cmd, goString(cmd.Variant?.Value), args, assigns, op, pipe);
        break;
      }
      case 'Block':
      case 'Subshell':
        next.push(...listTasks(list(cmd.Stmts), op, pipe));
        break;
      case 'IfClause': {
        let first = op;
        for (let c = cmd; kind(c) === 'IfClause'; c = c.Else) {
          next.push(...listTasks(list(c.Cond), first, pipe), ...listTasks(list(c.Then), ';', pipe));
          first = ';';
        }
        break;
      }
      case 'WhileClause':
        next.push(...listTasks(list(cmd.Cond), op, pipe), ...listTasks(list(cmd.Do), ';', pipe));
        break;
      case 'ForClause':
        nested(cmd.Loop);
        next.push(...listTasks(list(cmd.Do), op, pipe));
        break;
      case 'CaseClause': {
        nested(cmd.Word);
        let first = op;
        for (const item of list(cmd.Items)) {
          const stmts = list(item.Stmts);
          next.push(...listTasks(stmts, first, pipe));
          if (stmts.length) first = ';';
        }
        break;
      }
      case 'FuncDecl':
        next.push({ stmt: cmd.Body, op, pipe });
        break;
      case 'TimeClause':
      case 'CoprocClause':
        next.push({ stmt: cmd.Stmt, op, pipe });
        break;
      default:
        // [[ ]], (( )), let, ... and redirect-only statements: only their command substitutions run commands.
        if (type) nested(cmd);
    }
    const scripts = shellHeredocs(stmt, cmd, type);
    for (const r of list(stmt.Redirs)) {
      if (scripts.includes(r)) continue;
      nested(r.Word);
      nested(r.Hdoc);
    }
    pushList(next);
  }
}

/** The statements of a pipeline, flattened: `a | b | c` -> [a, b, c]. */
function pipeMembers(stmt: GoNode): GoNode[] {
  const out: GoNode[] = [];
  const stack = [stmt];
  while (stack.length) {
    const s = stack.pop();
    const c = s.Cmd;
    if (kind(c) === 'BinaryCmd' && (c.Op === PIPE || c.Op === PIPE_ALL) && !s.Negated && !list(s.Redirs).length) {
      stack.push(c.Y, c.X);
    } else out.push(s);
  }
  return out;
}

/** Find `$(...)`, `` `...` `` and `<(...)` inside any node (a word, a test, a loop header) without recursion. */
function substitutions(node: GoNode, found: (stmts: GoNode[]) => void): void {
  if (!kind(node)) return;
  const stack = [node];
  while (stack.length) {
    const n = stack.pop();
    const type = kind(n);
    if (type === 'CmdSubst' || type === 'ProcSubst') {
      found(list(n.Stmts));
      continue;
    }
    if (type === 'Lit' || type === 'SglQuoted') continue;
    const children: GoNode[] = [];
    for (const key of Object.keys(n)) {
      if (key === '$val') continue;
      const v = n[key];
      if (!v || typeof v !== 'object') continue;
      if (v.$array) {
        for (const e of list(v)) if (kind(e)) children.push(e);
      } else if (kind(v)) children.push(v);
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}

function emit(source: Source, state: State, node: GoNode, name: string, args: string[], assigns: Record<string, string>, op: Op, pipe?: Pipe): void {
  state.commands.push({
    name,
    args,
    assigns,
    operatorBefore: op,
    pipelineId: pipe ? pipe.id : -1 - state.commands.length,
    pipelineIndex: pipe ? pipe.index : 0,
    pipelineLength: pipe ? pipe.length : 1,
    location: locate(source.mapped, state.file, source.at(node.Pos().offs), source.at(node.End().offs)),
  });
}

/** A word with quoting removed (and, when `map` is given, the source index of each character kept). */
function unquote(source: Source, word: GoNode, map?: number[]): string {
  let out = '';
  const slice = (n: GoNode) => {
    const start = source.at(n.Pos().offs);
    return { start, raw: source.src.slice(start, source.at(n.End().offs)) };
  };
  const literal = (raw: string, start: number, quoted: boolean) => {
    for (let i = 0; i < raw.length; i++) {
      let c = raw[i];
      if (c === '\\' && i + 1 < raw.length) {
        const d = raw[i + 1];
        if (d === '\n') {
          i++;
          continue;
        }
        if (!quoted || d === '$' || d === '`' || d === '"' || d === '\\') {
          c = d;
          i++;
        }
      }
      out += c;
      map?.push(start + i);
    }
  };
  const verbatim = (raw: string, start: number) => {
    out += raw;
    if (map) for (let i = 0; i < raw.length; i++) map.push(start + i);
  };
  const parts = (w: GoNode, quoted: boolean) => {
    for (const part of list(w.Parts)) {
      const type = kind(part);
      const { start, raw } = slice(part);
      if (type === 'Lit') literal(raw, start, quoted);
      else if (type === 'SglQuoted') {
        const open = part.Dollar ? 2 : 1;
        verbatim(raw.slice(open, raw.endsWith("'") && raw.length > open ? -1 : undefined), start + open);
      } else if (type === 'DblQuoted') {
        // The inner parts carry their own positions; only the quotes are dropped.
        parts(part, true);
      } else verbatim(raw, start);
    }
  };
  parts(word, false);
  return out;
}

function wordText(source: Source, word: GoNode): string {
  if (!kind(word)) return '';
  return unquote(source, word);
}

/** Commands that run the command after them, with their options that take a value (`sudo -u app sh -c ...`). */
const WRAPPERS: Record<string, string[]> = {
  sudo: ['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-T', '-U', '--user', '--group', '--chdir'],
  env: ['-u', '-C', '-S', '--unset', '--chdir'],
  exec: ['-a'],
  nohup: [],
  nice: ['-n'],
  command: [],
};

/**
 * `bash`, `/bin/sh`, `busybox sh`, `sudo -u app sh`, `env X=1 bash`: the shell a command runs and where the shell's
 * own arguments start; undefined when the command is not a shell.
 */
function shellOf(words: string[]): { at: number } | undefined {
  const base = (w: string) => w.slice(w.lastIndexOf('/') + 1);
  let i = 0;
  for (let guard = 0; guard < 4; guard++) {
    const name = base(words[i] ?? '');
    if (!Object.prototype.hasOwnProperty.call(WRAPPERS, name)) break;
    const valued = WRAPPERS[name];
    i++;
    while (i < words.length && (words[i].startsWith('-') || (name === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i])))) {
      if (words[i] === '--') {
        i++;
        break;
      }
      i += valued.includes(words[i]) ? 2 : 1;
    }
  }
  const name = base(words[i] ?? '');
  if (name === 'busybox') return words[i + 1] && POSIX_SHELLS.has(base(words[i + 1])) && base(words[i + 1]) !== 'busybox' ? { at: i + 2 } : undefined;
  return POSIX_SHELLS.has(name) ? { at: i + 1 } : undefined;
}

/** The heredoc redirects of a statement whose command is a shell reading its script from standard input. */
function shellHeredocs(stmt: GoNode, cmd: GoNode, type: string): GoNode[] {
  if (type !== 'CallExpr') return [];
  const redirs = list(stmt.Redirs).filter((r) => (r.Op === HDOC || r.Op === DASH_HDOC) && (!kind(r.N) || goString(r.N.Value) === '0') && kind(r.Hdoc));
  if (!redirs.length) return [];
  const words = list(cmd.Args).map((w) => {
    const parts = list(w.Parts);
    return parts.length === 1 && kind(parts[0]) === 'Lit' ? goString(parts[0].Value) : '\0';
  });
  const options = shellOptions(words);
  return options && options.script === 'stdin' ? redirs.slice(-1) : [];
}

/** Read a shell's options: does it run `-c STRING` (and which word is the string), or a script from stdin? */
function shellOptions(words: string[]): { script: 'stdin' } | { script: 'string'; index: number } | undefined {
  const shell = shellOf(words);
  if (!shell) return undefined;
  let dashC = false;
  let stdin = false;
  let i = shell.at;
  for (; i < words.length; i++) {
    const w = words[i];
    if (w === '--' || w === '-') {
      i++;
      break;
    }
    if (/^[-+][A-Za-z]+$/.test(w)) {
      if (w[0] === '-' && w.includes('c')) dashC = true;
      if (w.includes('s')) stdin = true;
      if (/[oO]$/.test(w)) i++; // -o pipefail
      continue;
    }
    if (w.startsWith('--')) {
      if (w === '--rcfile' || w === '--init-file') i++;
      continue;
    }
    break;
  }
  if (dashC) return i < words.length ? { script: 'string', index: i } : undefined;
  return stdin || i >= words.length ? { script: 'stdin' } : undefined;
}

/**
 * Scripts a shell command runs that are part of the Dockerfile: `sh -c '...'` and `bash <<EOF ... EOF`.
 * Their commands are parsed too and added after the shell command, positioned where they are written.
 */
function innerScripts(source: Source, state: State, stmt: GoNode, words: string[]): void {
  if (source.depth >= MAX_DEPTH) return;
  const options = shellOptions(words);
  if (!options) return;
  const cmd = stmt.Cmd;
  if (options.script === 'string') {
    const word = list(cmd.Args)[options.index];
    const map: number[] = [];
    const text = unquote(source, word, map);
    parseInto(
      { text, lines: map.map((i) => source.mapped.lines[i]), columns: map.map((i) => source.mapped.columns[i]) },
      state,
      source.depth + 1,
    );
    return;
  }
  for (const r of shellHeredocs(stmt, cmd, 'CallExpr')) {
    // The heredoc word spans the body and the closing delimiter line; the script is the body.
    const start = source.at(r.Hdoc.Pos().offs);
    const end = source.at(r.Hdoc.End().offs);
    const raw = source.src.slice(start, end);
    const cut = raw.lastIndexOf('\n');
    const length = cut < 0 ? 0 : cut + 1;
    parseInto(
      {
        text: raw.slice(0, length),
        lines: source.mapped.lines.slice(start, start + length),
        columns: source.mapped.columns.slice(start, start + length),
      },
      state,
      source.depth + 1,
    );
  }
}

/** Fail at load time, with a clear message, if the parser's internal shape is not the one this module reads. */
function selfTest(): void {
  const root = parser.Parse('a=1 b "c" | d\n', 'self-test').__internal_object__;
  const stmt = list(root?.Stmts)[0];
  const pipe = stmt?.Cmd;
  const call = pipe?.X?.Cmd;
  if (kind(stmt) !== 'Stmt' || kind(pipe) !== 'BinaryCmd' || pipe.Op !== PIPE || kind(call) !== 'CallExpr' || call.End().offs !== 9) {
    throw new Error('mvdan-sh: unexpected internal node layout; cis-docker-gate needs mvdan-sh 0.10.1');
  }
}
selfTest();
