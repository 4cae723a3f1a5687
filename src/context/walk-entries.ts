/**
 * A snapshot's entries as two arrays in walk order, read as a map. The walk
 * is depth-first with each directory's names sorted (String.prototype.sort:
 * UTF-16 code units), so its order is the paths' order compared segment by
 * segment: code-unit order with '/' below every other character
 * (pathOrder). A lookup is then a binary search: no hash table of 20,000
 * paths to build (a Map's inserts were 25-45 ms of a cold plan's main
 * thread, CPU profile of the bench context), and iterating gives walk order
 * as the Map did. The order holds by construction (the walk is the only
 * maker), so it is not checked: a check of 20,000 paths by character, in
 * code not yet optimized, was 25-70 ms, more than the Map (walk.test.ts
 * checks it on walked trees with names that sort around '/').
 */
import type { ContextEntry } from './types.js';

export class WalkEntries implements ReadonlyMap<string, ContextEntry> {
  /** `paths[i]` is `list[i].path`; both in walk order (see the file comment), as the walk makes them. */
  constructor(
    private readonly paths: readonly string[],
    private readonly list: readonly ContextEntry[],
    /** The walk found its order to be string order too (no folder followed by a sibling that extends its name with '-', '.' ...). */
    readonly inStringOrder = false,
  ) {}

  get size(): number {
    return this.paths.length;
  }

  get(path: string): ContextEntry | undefined {
    const i = this.indexOf(path);
    return i < 0 ? undefined : this.list[i];
  }

  has(path: string): boolean {
    return this.indexOf(path) >= 0;
  }

  forEach(visit: (entry: ContextEntry, path: string, map: ReadonlyMap<string, ContextEntry>) => void, thisArg?: unknown): void {
    for (let i = 0; i < this.paths.length; i++) visit.call(thisArg, this.list[i] as ContextEntry, this.paths[i] as string, this);
  }

  *entries(): MapIterator<[string, ContextEntry]> {
    for (let i = 0; i < this.paths.length; i++) yield [this.paths[i] as string, this.list[i] as ContextEntry];
  }

  *keys(): MapIterator<string> {
    yield* this.paths;
  }

  *values(): MapIterator<ContextEntry> {
    yield* this.list;
  }

  [Symbol.iterator](): MapIterator<[string, ContextEntry]> {
    return this.entries();
  }

  /** Position of `path`, or -1. */
  private indexOf(path: string): number {
    let lo = 0;
    let hi = this.paths.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = pathOrder(this.paths[mid] as string, path);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

const SLASH = 0x2f;

/** Walk order of two context paths: segment by segment, so '/' (a segment's end) sorts below any character. */
export function pathOrder(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x === SLASH) return -1;
    if (y === SLASH) return 1;
    return x - y;
  }
  return a.length - b.length;
}
