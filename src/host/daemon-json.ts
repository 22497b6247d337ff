/**
 * /etc/docker/daemon.json read as dockerd reads it (strict JSON: no comments, no trailing commas), with the
 * line and column of every key and array element, so a finding lands on the line a reviewer must change.
 * A syntax error is a located error, never an exception.
 */
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { Location } from '../types.js';

export interface JsonEntry {
  value: unknown;
  /** The `"key": value` pair, or the array element. */
  location: Location;
}

export interface DaemonJson {
  path: string;
  /** Top-level keys: the value and the location of the pair. */
  keys: Map<string, JsonEntry & { elements?: JsonEntry[] }>;
  errors: { message: string; location: Location }[];
}

/** Offsets -> 1-based line/column. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
  location(file: string, offset: number, length: number): Location {
    const start = this.position(offset);
    const end = this.position(offset + Math.max(length, 0));
    return { file, startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column };
  }
}

const MESSAGES: Record<string, string> = {
  InvalidSymbol: 'invalid symbol',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'a property name (in double quotes) is expected',
  ValueExpected: 'a value is expected',
  ColonExpected: 'a colon is expected',
  CommaExpected: 'a comma is expected',
  CloseBraceExpected: 'a closing brace is expected',
  CloseBracketExpected: 'a closing bracket is expected',
  EndOfFileExpected: 'the end of the file is expected',
  InvalidCommentToken: 'comments are not allowed in daemon.json',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in a string',
};

function value(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const p of node.children ?? []) {
        const [k, v] = p.children ?? [];
        if (k && v) out[String(k.value)] = value(v);
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(value);
    default:
      return node.value;
  }
}

export function parseDaemonJson(text: string, path: string): DaemonJson {
  const lines = new LineIndex(text);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const out: DaemonJson = { path, keys: new Map(), errors: [] };
  // The first error only: dockerd stops there, and what follows is the parser's recovery.
  for (const e of errors.slice(0, 1)) {
    const code = printParseErrorCode(e.error);
    out.errors.push({ message: `${path} is not valid JSON: ${MESSAGES[code] ?? code}`, location: lines.location(path, e.offset, e.length) });
  }
  if (out.errors.length) return out;
  if (!root || root.type !== 'object') {
    out.errors.push({ message: `${path} must hold one JSON object (dockerd refuses anything else)`, location: lines.location(path, root?.offset ?? 0, 0) });
    return out;
  }
  for (const prop of root.children ?? []) {
    const [k, v] = prop.children ?? [];
    if (!k || !v) continue;
    const entry: JsonEntry & { elements?: JsonEntry[] } = { value: value(v), location: lines.location(path, prop.offset, prop.length) };
    if (v.type === 'array') entry.elements = (v.children ?? []).map((c) => ({ value: value(c), location: lines.location(path, c.offset, c.length) }));
    if (v.type === 'object') {
      entry.elements = (v.children ?? []).map((p) => ({ value: { [String(p.children?.[0]?.value)]: p.children?.[1] ? value(p.children[1]) : undefined }, location: lines.location(path, p.offset, p.length) }));
    }
    out.keys.set(String(k.value), entry);
  }
  return out;
}
