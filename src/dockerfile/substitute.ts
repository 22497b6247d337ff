/**
 * Docker's processing of an instruction word (FROM, USER, WORKDIR, ENV, ARG, COPY, EXPOSE, LABEL...), as
 * BuildKit's shell lexer does it: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}`,
 * `${VAR+alt}`, `${VAR:?msg}`, `${VAR#pattern}`, `${VAR%pattern}` (and `##`, `%%`), `${VAR/from/to}`; single
 * quotes keep everything literal, double quotes keep `$` expansion, and the escape character (`\` or the
 * escape directive's backtick) makes the next character literal. Quotes are removed, as Docker removes them.
 */
export interface Substituted {
  value: string;
  /** Names that were referenced but have no value. */
  unresolved: string[];
}

const isNameChar = (c: string | undefined) =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '_');
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
/** Shell special parameters, which Docker looks up like names (and never has). */
const SPECIAL = new Set(['@', '*', '#', '?', '-', '$', '!']);

class Lexer {
  i = 0;
  readonly unresolved: string[] = [];
  constructor(
    readonly text: string,
    readonly env: Record<string, string | undefined>,
    readonly escape: string,
  ) {}

  lookup(name: string): string | undefined {
    return Object.prototype.hasOwnProperty.call(this.env, name) ? this.env[name] : undefined;
  }

  /** Read until `stop` (consumed) or the end; `words` collects whitespace-separated words when asked. */
  word(stop?: string, words?: string[]): string {
    let out = '';
    let current = '';
    let inWord = false;
    const push = (s: string, quoted = false) => {
      out += s;
      current += s;
      if (s || quoted) inWord = true;
    };
    const t = this.text;
    while (this.i < t.length) {
      const c = t[this.i];
      if (stop !== undefined && c === stop) {
        this.i++;
        break;
      }
      if (words && (c === ' ' || c === '\t' || c === '\n' || c === '\r')) {
        this.i++;
        if (inWord) words.push(current);
        current = '';
        inWord = false;
        out += c;
        continue;
      }
      if (c === "'") push(this.singleQuoted(), true);
      else if (c === '"') push(this.doubleQuoted(), true);
      else if (c === '$') push(this.dollar());
      else if (c === this.escape) {
        this.i++;
        if (this.i < t.length) push(t[this.i++]);
      } else {
        push(c);
        this.i++;
      }
    }
    if (words && inWord) words.push(current);
    return out;
  }

  singleQuoted(): string {
    const close = this.text.indexOf("'", this.i + 1);
    const end = close < 0 ? this.text.length : close;
    const s = this.text.slice(this.i + 1, end);
    this.i = end + 1;
    return s;
  }

  doubleQuoted(): string {
    const t = this.text;
    let out = '';
    this.i++;
    while (this.i < t.length) {
      const c = t[this.i];
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c === '$') {
        out += this.dollar();
        continue;
      }
      this.i++;
      if (c === this.escape) {
        const d = t[this.i];
        if (d === undefined) continue;
        if (d === '"' || d === '$' || d === this.escape) {
          out += d;
          this.i++;
          continue;
        }
      }
      out += c;
    }
    return out;
  }

  dollar(): string {
    const t = this.text;
    this.i++; // $
    if (t[this.i] !== '{') {
      const name = this.name();
      if (!name) return '$';
      return this.value(name);
    }
    const open = this.i;
    this.i++; // {
    const name = this.name();
    if (!name) {
      // Not a parameter expansion Docker knows: keep it as written.
      const close = t.indexOf('}', this.i);
      const end = close < 0 ? t.length : close + 1;
      this.i = end;
      return '$' + t.slice(open, end);
    }
    const value = this.lookup(name);
    const c = t[this.i];
    if (c === undefined) return '$' + t.slice(open);
    if (c === '}') {
      this.i++;
      return this.value(name);
    }
    if (c === ':' && (t[this.i + 1] === '-' || t[this.i + 1] === '+' || t[this.i + 1] === '?')) {
      const op = t[this.i + 1];
      this.i += 2;
      return this.modifier(name, value, op, true);
    }
    if (c === '-' || c === '+' || c === '?') {
      this.i++;
      return this.modifier(name, value, c, false);
    }
    if (c === '#' || c === '%') {
      const longest = t[this.i + 1] === c;
      this.i += longest ? 2 : 1;
      const pattern = this.word('}');
      if (value === undefined) this.unresolved.push(name);
      return trimPattern(value ?? '', pattern, c === '#', longest);
    }
    if (c === '/') {
      const all = t[this.i + 1] === '/';
      this.i += all ? 2 : 1;
      const from = this.word('/');
      const to = this.text[this.i - 1] === '/' ? this.word('}') : '';
      if (value === undefined) this.unresolved.push(name);
      return replacePattern(value ?? '', from, to, all);
    }
    // An unknown modifier: Docker refuses the line; keep the value and skip to the brace.
    const close = t.indexOf('}', this.i);
    this.i = close < 0 ? t.length : close + 1;
    return this.value(name);
  }

  modifier(name: string, value: string | undefined, op: string, colon: boolean): string {
    const set = colon ? !!value : value !== undefined;
    if (op === '-') {
      if (set) {
        this.skipWord();
        return value!;
      }
      return this.word('}');
    }
    if (op === '+') {
      if (!set) {
        this.skipWord();
        return '';
      }
      return this.word('}');
    }
    // `?`: Docker fails the build when unset; here the name simply has no value.
    this.skipWord();
    if (value === undefined) this.unresolved.push(name);
    return value ?? '';
  }

  /** Consume a `}`-terminated word without recording what it references. */
  skipWord(): void {
    const saved = this.unresolved.length;
    this.word('}');
    this.unresolved.length = saved;
  }

  name(): string {
    const t = this.text;
    const start = this.i;
    if (isDigit(t[this.i])) {
      while (isDigit(t[this.i])) this.i++;
      return t.slice(start, this.i);
    }
    if (SPECIAL.has(t[this.i])) return t[this.i++];
    while (isNameChar(t[this.i])) this.i++;
    return t.slice(start, this.i);
  }

  value(name: string): string {
    const v = this.lookup(name);
    if (v === undefined && isNameChar(name[0]) && !isDigit(name[0])) this.unresolved.push(name);
    return v ?? '';
  }
}

/** A glob pattern (`*`, `?`, `[...]`) as a regular expression source. */
function globSource(pattern: string, greedy: boolean): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') out += greedy ? '.*' : '.*?';
    else if (c === '?') out += '.';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) out += '\\[';
      else {
        const body = pattern.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
        out += `[${body}]`;
        i = close;
      }
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return out;
}

function trimPattern(value: string, pattern: string, prefix: boolean, longest: boolean): string {
  try {
    if (prefix) {
      const m = new RegExp(`^(?:${globSource(pattern, longest)})`, 's').exec(value);
      return m ? value.slice(m[0].length) : value;
    }
    // Suffix: try each start position, from the end for the shortest match, from the start for the longest.
    const re = new RegExp(`^(?:${globSource(pattern, true)})$`, 's');
    if (longest) {
      for (let i = 0; i <= value.length; i++) if (re.test(value.slice(i))) return value.slice(0, i);
    } else {
      for (let i = value.length; i >= 0; i--) if (re.test(value.slice(i))) return value.slice(0, i);
    }
    return value;
  } catch {
    return value;
  }
}

function replacePattern(value: string, from: string, to: string, all: boolean): string {
  if (!from) return value;
  try {
    return value.replace(new RegExp(globSource(from, true), all ? 'gs' : 's'), () => to);
  } catch {
    return value;
  }
}

/** One instruction word, processed as Docker does (quotes removed, variables replaced). */
export function substitute(text: string, env: Record<string, string | undefined>, escape = '\\'): Substituted {
  const lexer = new Lexer(text, env, escape);
  const value = lexer.word();
  return { value, unresolved: lexer.unresolved };
}

/** Several whitespace-separated words (COPY sources, EXPOSE ports), processed as Docker does. */
export function substituteWords(text: string, env: Record<string, string | undefined>, escape = '\\'): { words: string[]; unresolved: string[] } {
  const lexer = new Lexer(text, env, escape);
  const words: string[] = [];
  lexer.word(undefined, words);
  return { words, unresolved: lexer.unresolved };
}
