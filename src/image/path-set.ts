/**
 * A compact set of paths for one layer: 64 bits of hash per path in typed arrays (about 16 bytes a path),
 * so a layer with a million files costs megabytes, not the hundreds a Set of strings would.
 * It answers "did this layer have an entry at this path, and was it a directory?" for the whiteout merge.
 */

const EMPTY = 0;
const DIR = 1;
const NON_DIR = 2;

function hashes(s: string): [number, number] {
  // FNV-1a (32 bit) and a second, differently seeded multiplicative hash over UTF-16 code units.
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return [a >>> 0, b >>> 0];
}

export class PathSet {
  private h1: Uint32Array;
  private h2: Uint32Array;
  private kind: Uint8Array;
  private count = 0;

  constructor(capacity = 1024) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.h1 = new Uint32Array(size);
    this.h2 = new Uint32Array(size);
    this.kind = new Uint8Array(size);
  }

  get size(): number {
    return this.count;
  }

  /** Records an entry; a non-directory entry at a path wins over a directory one. */
  add(path: string, isDir: boolean): void {
    if ((this.count + 1) * 2 > this.kind.length) this.grow();
    const [a, b] = hashes(path);
    this.insert(a, b, isDir ? DIR : NON_DIR);
  }

  /** `dir`, `other`, or undefined when the layer has no entry at that path. */
  get(path: string): 'dir' | 'other' | undefined {
    const [a, b] = hashes(path);
    const mask = this.kind.length - 1;
    for (let i = a & mask; ; i = (i + 1) & mask) {
      const k = this.kind[i];
      if (k === EMPTY) return undefined;
      if (this.h1[i] === a && this.h2[i] === b) return k === DIR ? 'dir' : 'other';
    }
  }

  private insert(a: number, b: number, k: number): void {
    const mask = this.kind.length - 1;
    for (let i = a & mask; ; i = (i + 1) & mask) {
      if (this.kind[i] === EMPTY) {
        this.h1[i] = a;
        this.h2[i] = b;
        this.kind[i] = k;
        this.count++;
        return;
      }
      if (this.h1[i] === a && this.h2[i] === b) {
        if (k === NON_DIR) this.kind[i] = NON_DIR;
        return;
      }
    }
  }

  private grow(): void {
    const { h1, h2, kind } = this;
    this.h1 = new Uint32Array(kind.length * 2);
    this.h2 = new Uint32Array(kind.length * 2);
    this.kind = new Uint8Array(kind.length * 2);
    this.count = 0;
    for (let i = 0; i < kind.length; i++) if (kind[i] !== EMPTY) this.insert(h1[i], h2[i], kind[i]);
  }
}
