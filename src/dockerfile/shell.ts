/**
 * RUN bodies parsed with a real shell parser (mvdan-sh, a port of mvdan/sh) into simple commands,
 * their arguments, the operators between them, and positions mapped back to the Dockerfile.
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
  private text = '';
  private lines: number[] = [];
  private columns: number[] = [];
  /** Append `s`, whose first character sits at Dockerfile `line`:`column` (1-based). */
  add(s: string, line: number, column: number): void {
    this.text += s;
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
  build(): MappedText {
    return { text: this.text, lines: this.lines, columns: this.columns };
  }
}

const OPERATORS: Record<number, ShellCommand['operatorBefore']> = { 10: '&&', 11: '||', 12: '|', 13: '|' };

function locate(mapped: MappedText, file: string, start: number, end: number): Location {
  const last = Math.max(start, end - 1);
  const at = (o: number) => Math.min(Math.max(o, 0), mapped.lines.length - 1);
  return {
    file,
    startLine: mapped.lines[at(start)] ?? 1,
    startColumn: mapped.columns[at(start)] ?? 1,
    endLine: mapped.lines[at(last)] ?? 1,
    endColumn: (mapped.columns[at(last)] ?? 0) + 1,
  };
}

/** The text of a shell word with quoting removed; expansions are kept as they were written. */
export function wordText(word: { Parts: unknown[] }, src: string): string {
  let out = '';
  for (const part of word.Parts as any[]) {
    const type = syntax.NodeType(part);
    if (type === 'Lit') out += part.Value;
    else if (type === 'SglQuoted') out += part.Value;
    else if (type === 'DblQuoted') out += wordText(part, src);
    else out += src.slice(part.Pos().Offset(), part.End().Offset());
  }
  return out;
}

export function parseShell(mapped: MappedText, file: string): ShellScript {
  const src = mapped.text;
  let root: any;
  try {
    root = syntax.NewParser(syntax.KeepComments(false), syntax.Variant(syntax.LangBash)).Parse(src, file);
  } catch (e: any) {
    const message = typeof e?.Error === 'function' ? String(e.Error()) : String(e?.message ?? e);
    const offset = typeof e?.Pos?.Offset === 'function' ? Number(e.Pos.Offset()) : 0;
    return {
      commands: [],
      posix: true,
      error: { message: message.replace(/^[^:]*:\d+:\d+: /, ''), location: locate(mapped, file, offset, offset + 1) },
    };
  }

  // Pipelines and operators come from BinaryCmd nodes; remember, for each CallExpr, what joins it.
  // mvdan-sh hands out a new wrapper object on each visit, so nodes are keyed by their source span.
  const key = (n: any) => `${n.Pos().Offset()}:${n.End().Offset()}`;
  const pipelineOf = new Map<string, { id: number; index: number; length: number }>();
  const operatorOf = new Map<string, ShellCommand['operatorBefore']>();
  let nextPipeline = 0;

  const firstCall = (stmt: any): any => {
    let found: any;
    syntax.Walk(stmt, (n: any) => {
      if (found || !n) return false;
      if (syntax.NodeType(n) === 'CallExpr') {
        found = n;
        return false;
      }
      return true;
    });
    return found;
  };
  const pipelineMembers = (node: any, out: any[]): any[] => {
    const cmd = node?.Cmd;
    if (cmd && syntax.NodeType(cmd) === 'BinaryCmd' && (cmd.Op === 12 || cmd.Op === 13)) {
      pipelineMembers(cmd.X, out);
      pipelineMembers(cmd.Y, out);
    } else out.push(node);
    return out;
  };

  syntax.Walk(root, (n: any) => {
    if (!n) return true;
    const type = syntax.NodeType(n);
    if (type === 'BinaryCmd') {
      const first = firstCall(n.Y);
      if (first && !operatorOf.has(key(first))) operatorOf.set(key(first), OPERATORS[n.Op]);
      const head = firstCall(n.X);
      if ((n.Op === 12 || n.Op === 13) && head && !pipelineOf.has(key(head))) {
        const members = pipelineMembers({ Cmd: n }, []);
        const id = nextPipeline++;
        members.forEach((stmt, index) => {
          syntax.Walk(stmt, (m: any) => {
            if (m && syntax.NodeType(m) === 'CallExpr' && !pipelineOf.has(key(m))) pipelineOf.set(key(m), { id, index, length: members.length });
            return true;
          });
        });
      }
    } else if (type === 'File' || type === 'Block' || type === 'Subshell') {
      const stmts = n.Stmts ?? [];
      for (let i = 1; i < stmts.length; i++) {
        const first = firstCall(stmts[i]);
        if (first && !operatorOf.has(key(first))) operatorOf.set(key(first), ';');
      }
    }
    return true;
  });

  const commands: ShellCommand[] = [];
  syntax.Walk(root, (n: any) => {
    if (!n || syntax.NodeType(n) !== 'CallExpr') return true;
    const words: string[] = (n.Args ?? []).map((w: any) => wordText(w, src));
    const assigns: Record<string, string> = {};
    for (const a of n.Assigns ?? []) assigns[a.Name?.Value ?? ''] = a.Value ? wordText(a.Value, src) : '';
    const pipe = pipelineOf.get(key(n));
    commands.push({
      name: words[0] ?? '',
      args: words.slice(1),
      assigns,
      operatorBefore: operatorOf.get(key(n)),
      pipelineId: pipe ? pipe.id : -1 - commands.length,
      pipelineIndex: pipe ? pipe.index : 0,
      pipelineLength: pipe ? pipe.length : 1,
      location: locate(mapped, file, Number(n.Pos().Offset()), Number(n.End().Offset())),
    });
    return true;
  });
  return { commands, posix: true };
}
