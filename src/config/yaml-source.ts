/**
 * YAML with positions: js-yaml loads the data (CORE schema: `off` and dates stay strings), and its event stream
 * (parseEvents) gives every key and value its offset, so a field path such as `waivers[2].expires` maps back to
 * the line a person must change.
 */
import { EVENT_ID, getScalarValue, loadAll, parseEvents, YAMLException, type Event } from 'js-yaml';

/** A node of the document with the offset it starts at. */
type PosNode =
  | { kind: 'map'; offset: number; keys: Map<string, number>; values: Map<string, PosNode> }
  | { kind: 'seq'; offset: number; items: PosNode[] }
  | { kind: 'leaf'; offset: number };

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

export function parseYamlSource(text: string, file: string): YamlSource {
  if (text.includes('\0')) throw new YamlError(file, undefined, 'is a binary file, not YAML');
  let data: unknown;
  let events: Event[];
  try {
    const docs = loadAll(text, { filename: file, maxAliases: 100 });
    if (docs.length > 1) throw new YamlError(file, undefined, `holds ${docs.length} YAML documents (separated by ---); it must hold one`);
    data = docs[0];
    events = parseEvents(text, { filename: file });
  } catch (e) {
    if (e instanceof YamlError) throw e;
    if (e instanceof YAMLException) {
      const mark = e.mark as { line?: number } | undefined;
      throw new YamlError(file, mark?.line !== undefined ? mark.line + 1 : undefined, `not valid YAML: ${e.reason}`);
    }
    throw new YamlError(file, undefined, `not valid YAML: ${(e as Error).message}`);
  }
  const root = buildTree(events, text);
  const starts = lineStarts(text);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  return {
    file,
    data: data === undefined ? null : data,
    line(segments) {
      let node = root;
      let offset = root?.offset ?? 0;
      for (const seg of segments) {
        if (!node) break;
        if (node.kind === 'map' && node.values.has(String(seg))) {
          offset = node.keys.get(String(seg))!;
          node = node.values.get(String(seg));
        } else if (node.kind === 'seq' && /^\d+$/.test(String(seg)) && node.items[Number(seg)]) {
          node = node.items[Number(seg)];
          offset = node.offset;
        } else {
          break;
        }
      }
      return lineOf(Math.max(0, offset));
    },
  };
}

function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) out.push(i + 1);
  return out;
}

/** The first document's node tree, from the flat event stream. */
function buildTree(events: Event[], text: string): PosNode | undefined {
  let i = 0;
  const next = (): PosNode | undefined => {
    const e = events[i++];
    if (!e) return undefined;
    switch (e.type) {
      case EVENT_ID.MAPPING: {
        const node: PosNode = { kind: 'map', offset: startOf(e.start, e.anchorStart, e.tagStart), keys: new Map(), values: new Map() };
        while (i < events.length && events[i].type !== EVENT_ID.POP) {
          const k = events[i];
          const keyOffset = k.type === EVENT_ID.SCALAR ? k.valueStart : 'start' in k ? k.start : node.offset;
          const key = k.type === EVENT_ID.SCALAR ? getScalarValue(text, k) : undefined;
          skip();
          const value = next();
          if (key !== undefined && value && !node.keys.has(key)) {
            node.keys.set(key, keyOffset);
            node.values.set(key, value);
          }
        }
        i++; // POP
        return node;
      }
      case EVENT_ID.SEQUENCE: {
        const node: PosNode = { kind: 'seq', offset: startOf(e.start, e.anchorStart, e.tagStart), items: [] };
        while (i < events.length && events[i].type !== EVENT_ID.POP) {
          const item = next();
          if (item) node.items.push(item);
        }
        i++;
        return node;
      }
      case EVENT_ID.SCALAR:
        return { kind: 'leaf', offset: startOf(e.valueStart, e.anchorStart, e.tagStart) };
      case EVENT_ID.ALIAS:
        return { kind: 'leaf', offset: e.anchorStart };
      case EVENT_ID.DOCUMENT:
        return next();
      default:
        return undefined;
    }
  };
  /** Skips one whole node (a key). */
  const skip = () => {
    let depth = 0;
    do {
      const e = events[i++];
      if (!e) return;
      if (e.type === EVENT_ID.MAPPING || e.type === EVENT_ID.SEQUENCE) depth++;
      else if (e.type === EVENT_ID.POP) depth--;
    } while (depth > 0);
  };
  return next();
}

function startOf(...offsets: number[]): number {
  const real = offsets.filter((o) => o >= 0);
  return real.length ? Math.min(...real) : 0;
}
