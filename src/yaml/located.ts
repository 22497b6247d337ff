/**
 * YAML with positions, for every reader that must point at the line a person changes (the policy file, custom
 * rule files, compose files). js-yaml parses the text once into its event stream (offsets); the same events give
 * the data (constructFromEvents, CORE schema: `off` and dates stay strings) and the AST (resolved tags), and the
 * two are walked in step into a tree of positioned nodes, so `privileged: true` is a boolean on line 7 and
 * `"true"` a string. Anchors and aliases are resolved: a node reached through an alias is its definition, with
 * the definition's position, which is the line a reviewer changes. Merge keys (`<<: *base`) are applied by
 * `entries`/`get`, for readers that honour them (compose); the raw data and `YamlSource.line` do not.
 */
import { constructFromEvents, CORE_SCHEMA, EVENT_ID, eventsToAst, getScalarValue, parseEvents, YAMLException, type Event, type Node } from 'js-yaml';

export interface Position {
  /** 1-based. */
  line: number;
  column: number;
  /** 0-based offset in the text. */
  offset: number;
}

interface NodePlace {
  /** Where the value starts (a quoted scalar at its opening quote). */
  pos: Position;
  end: Position;
  /** Where the node's text starts, its anchor and tag included (`pos` when it has neither). */
  head: Position;
}

export type YamlNode =
  | ({ kind: 'scalar'; value: string | number | boolean | null; text: string; quoted: boolean } & NodePlace)
  | ({ kind: 'map'; items: { key: YamlNode; value: YamlNode }[] } & NodePlace)
  | ({ kind: 'seq'; items: YamlNode[] } & NodePlace);

/** Text that is not valid YAML, with the 1-based line and column of the problem. */
export class YamlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

const TAG = 'tag:yaml.org,2002:';

function syntax<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof YAMLException) {
      const mark = e.mark as { line?: number; column?: number } | undefined;
      throw new YamlSyntaxError(e.reason || e.message, (mark?.line ?? 0) + 1, (mark?.column ?? 0) + 1);
    }
    throw e;
  }
}

/** Parses the first document of `text`. Throws YamlSyntaxError with the line and column of the problem. */
export function parseYaml(text: string): YamlNode | null {
  return buildTree(text, syntax(() => parseEvents(text, {})));
}

function buildTree(text: string, evs: Event[]): YamlNode | null {
  const docs = syntax(() => eventsToAst(evs, { source: text, schema: CORE_SCHEMA }));
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const at = (offset: number): Position => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo] + 1, offset };
  };
  /** The earliest of the value, anchor and tag offsets that exist. */
  const headOf = (start: number, ev: { anchorStart: number; tagStart: number }) => {
    const real = [start, ev.anchorStart, ev.tagStart].filter((o) => o >= 0);
    return at(real.length ? Math.min(...real) : start);
  };

  const anchors = new Map<string, YamlNode>();
  let i = 0;
  let lastOffset = 0;
  const walk = (ast: Node): YamlNode => {
    const ev = evs[i++];
    if (ev.type === EVENT_ID.ALIAS) {
      const name = text.slice(ev.anchorStart, ev.anchorEnd).replace(/^\*/, '');
      const target = anchors.get(name) ?? anchors.get((ast as { anchor?: string }).anchor ?? '');
      if (!target) throw new YamlSyntaxError(`unknown alias *${name}`, at(ev.anchorStart).line, at(ev.anchorStart).column);
      return target;
    }
    let node: YamlNode;
    if (ev.type === EVENT_ID.SCALAR) {
      const quotedStyle = ev.style === 2 || ev.style === 3;
      // A quoted scalar starts at its opening quote.
      const start = ev.valueStart >= 0 ? ev.valueStart - (quotedStyle && ev.valueStart > 0 ? 1 : 0) : lastOffset;
      const end = ev.valueEnd >= 0 ? ev.valueEnd + (quotedStyle ? 1 : 0) : start;
      lastOffset = end;
      const raw = ev.valueStart >= 0 ? getScalarValue(text, ev) : '';
      const tag = ast.kind === 'scalar' ? ast.tag : `${TAG}str`;
      node = { kind: 'scalar', value: typed(raw, tag), text: raw, quoted: quotedStyle, pos: at(start), end: at(end), head: headOf(start, ev) };
    } else if (ev.type === EVENT_ID.MAPPING && ast.kind === 'mapping') {
      const start = ev.start >= 0 ? ev.start : lastOffset;
      const items: { key: YamlNode; value: YamlNode }[] = [];
      for (const item of ast.items) {
        const key = walk(item.key);
        const value = walk(item.value);
        items.push({ key, value });
      }
      i++; // POP
      node = { kind: 'map', items, pos: at(start), end: at(lastOffset), head: headOf(start, ev) };
    } else if (ev.type === EVENT_ID.SEQUENCE && ast.kind === 'sequence') {
      const start = ev.start >= 0 ? ev.start : lastOffset;
      const items = ast.items.map((n) => walk(n));
      i++; // POP
      node = { kind: 'seq', items, pos: at(start), end: at(lastOffset), head: headOf(start, ev) };
    } else {
      throw new Error(`YAML events and AST out of step at event ${i - 1}`);
    }
    const anchorStart = (ev as { anchorStart?: number }).anchorStart ?? -1;
    const anchorEnd = (ev as { anchorEnd?: number }).anchorEnd ?? -1;
    if (anchorStart >= 0) anchors.set(text.slice(anchorStart, anchorEnd).replace(/^&/, ''), node);
    return node;
  };

  const doc = docs[0];
  if (!doc || !doc.contents) return null;
  // evs[0] is the DOCUMENT event of the first document.
  i = 1;
  return walk(doc.contents);
}

function typed(raw: string, tag: string): string | number | boolean | null {
  switch (tag) {
    case `${TAG}bool`:
      return /^(true|True|TRUE)$/.test(raw);
    case `${TAG}int`: {
      const n = raw.startsWith('0o') ? parseInt(raw.slice(2), 8) : Number(raw.replace(/_/g, ''));
      return Number.isFinite(n) ? n : raw;
    }
    case `${TAG}float`: {
      if (/^[-+]?\.inf$/i.test(raw)) return raw.startsWith('-') ? -Infinity : Infinity;
      if (/^\.nan$/i.test(raw)) return NaN;
      const n = Number(raw);
      return Number.isFinite(n) ? n : raw;
    }
    case `${TAG}null`:
      return null;
    default:
      return raw;
  }
}

/** A mapping's entries with merge keys (`<<: *base`, `<<: [*a, *b]`) applied: explicit keys win. */
export function entries(map: YamlNode & { kind: 'map' }): { key: string; keyNode: YamlNode; value: YamlNode }[] {
  const out: { key: string; keyNode: YamlNode; value: YamlNode }[] = [];
  const seen = new Set<string>();
  const merged: { key: string; keyNode: YamlNode; value: YamlNode }[] = [];
  for (const { key, value } of map.items) {
    const name = key.kind === 'scalar' ? String(key.value) : '';
    if (name === '<<' && key.kind === 'scalar' && !key.quoted) {
      const sources = value.kind === 'seq' ? value.items : [value];
      for (const s of sources) if (s.kind === 'map') merged.push(...entries(s));
      continue;
    }
    seen.add(name);
    out.push({ key: name, keyNode: key, value });
  }
  for (const m of merged) {
    if (seen.has(m.key)) continue;
    seen.add(m.key);
    out.push(m);
  }
  return out;
}

export function get(map: YamlNode | undefined, key: string): { keyNode: YamlNode; value: YamlNode } | undefined {
  if (!map || map.kind !== 'map') return undefined;
  return entries(map).find((e) => e.key === key);
}

/** A YAML file read as data, with the line of any field path in it. */
export interface YamlSource {
  /** The file as shown in messages. */
  file: string;
  data: unknown;
  /**
   * The 1-based line of a field path (segments as strings: keys and indexes). When the path does not exist
   * all the way (a missing required field), the line of the deepest part that does.
   */
  line(segments: readonly (string | number)[]): number;
}

/** A YAML file that cannot be read: the message names the file and line. */
export class YamlError extends Error {
  constructor(
    readonly file: string,
    readonly lineNumber: number | undefined,
    readonly reason: string,
  ) {
    super(`${file}${lineNumber ? `:${lineNumber}` : ''}: ${reason}`);
    this.name = 'YamlError';
  }
}

/** A one-document YAML file as data (CORE schema, at most 100 aliases) with field-path lines; throws YamlError. */
export function parseYamlSource(text: string, file: string): YamlSource {
  if (text.includes('\0')) throw new YamlError(file, undefined, 'is a binary file, not YAML');
  let data: unknown;
  let root: YamlNode | null;
  try {
    const evs = parseEvents(text, { filename: file });
    const docs = constructFromEvents(evs, { source: text, filename: file, maxAliases: 100 });
    if (docs.length > 1) throw new YamlError(file, undefined, `holds ${docs.length} YAML documents (separated by ---); it must hold one`);
    data = docs[0];
    root = buildTree(text, evs);
  } catch (e) {
    if (e instanceof YamlError) throw e;
    if (e instanceof YAMLException) {
      const mark = e.mark as { line?: number } | undefined;
      throw new YamlError(file, mark?.line !== undefined ? mark.line + 1 : undefined, `not valid YAML: ${e.reason}`);
    }
    if (e instanceof YamlSyntaxError) throw new YamlError(file, e.line, `not valid YAML: ${e.message}`);
    throw new YamlError(file, undefined, `not valid YAML: ${(e as Error).message}`);
  }
  return {
    file,
    data: data === undefined ? null : data,
    line(segments) {
      let node: YamlNode | undefined = root ?? undefined;
      let line = root?.head.line ?? 1;
      for (const seg of segments) {
        if (!node) break;
        const name = String(seg);
        if (node.kind === 'map') {
          // Keys as the data has them: merge keys (`<<`) are not applied there, so not here either.
          const item = node.items.find(({ key }) => key.kind === 'scalar' && (key.text === name || String(key.value) === name));
          if (!item) break;
          line = item.key.pos.line;
          node = item.value;
        } else if (node.kind === 'seq' && /^\d+$/.test(name) && node.items[Number(name)]) {
          node = node.items[Number(name)];
          line = node.head.line;
        } else {
          break;
        }
      }
      return line;
    },
  };
}
