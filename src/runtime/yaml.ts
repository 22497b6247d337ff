/**
 * YAML with a position on every node: js-yaml's event stream (offsets) walked in step with its AST (resolved
 * tags), so `privileged: true` is a boolean on line 7 and `"true"` a string. Anchors, aliases and merge keys
 * (`<<: *base`) are resolved; a node reached through an alias keeps the position of its definition, which is
 * the line a reviewer changes.
 */
import { CORE_SCHEMA, EVENT_ID, eventsToAst, getScalarValue, parseEvents, YAMLException, type Event, type Node } from 'js-yaml';

export interface Position {
  /** 1-based. */
  line: number;
  column: number;
  /** 0-based offset in the text. */
  offset: number;
}

export type YamlNode =
  | { kind: 'scalar'; value: string | number | boolean | null; text: string; quoted: boolean; pos: Position; end: Position }
  | { kind: 'map'; items: { key: YamlNode; value: YamlNode }[]; pos: Position; end: Position }
  | { kind: 'seq'; items: YamlNode[]; pos: Position; end: Position };

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

/** Parses the first document of `text`. Throws YamlSyntaxError with the line and column of the problem. */
export function parseYaml(text: string): YamlNode | null {
  let events: Event[];
  let docs;
  try {
    events = parseEvents(text, {});
    docs = eventsToAst(events, { source: text, schema: CORE_SCHEMA });
  } catch (e) {
    if (e instanceof YAMLException) {
      const mark = e.mark;
      throw new YamlSyntaxError(e.reason || e.message, (mark?.line ?? 0) + 1, (mark?.column ?? 0) + 1);
    }
    throw e;
  }
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
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

  const anchors = new Map<string, YamlNode>();
  let i = 0;
  let lastOffset = 0;
  const walk = (ast: Node): YamlNode => {
    const ev = events[i++];
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
      node = { kind: 'scalar', value: typed(raw, tag), text: raw, quoted: quotedStyle, pos: at(start), end: at(end) };
    } else if (ev.type === EVENT_ID.MAPPING && ast.kind === 'mapping') {
      const start = ev.start >= 0 ? ev.start : lastOffset;
      const items: { key: YamlNode; value: YamlNode }[] = [];
      for (const item of ast.items) {
        const key = walk(item.key);
        const value = walk(item.value);
        items.push({ key, value });
      }
      i++; // POP
      node = { kind: 'map', items, pos: at(start), end: at(lastOffset) };
    } else if (ev.type === EVENT_ID.SEQUENCE && ast.kind === 'sequence') {
      const start = ev.start >= 0 ? ev.start : lastOffset;
      const items = ast.items.map((n) => walk(n));
      i++; // POP
      node = { kind: 'seq', items, pos: at(start), end: at(lastOffset) };
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
  // events[0] is the DOCUMENT event of the first document.
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
