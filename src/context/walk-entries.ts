/**
 * A snapshot's entries as two arrays in walk order, read as a map. The walk
 * is depth-first with each directory's names sorted (String.prototype.sort:
 * UTF-16 code units), so its order is the paths' order compared segment by
 * segment: code-unit order with '/' below every other character
 * (pathOrder). A lookup is then a binary search: no hash table of 20,000
 * paths to build (a Map's inserts were 25-45 ms of a cold plan's main
 * thread, CPU profile of the bench context), and iterating gives walk order
 * as the Map did. That order is checked at the first lookup, not assumed:
 * entries in any other order are looked up through a Map made then.
 */
import type { ContextEntry } from './types.js';

export class WalkEntries implements ReadonlyMap<string, ContextEntry> {
  /** `paths[i]` is `entries[i].path`; both in walk order (see the file comment). */
  constructor(
    private readonly paths: readonly string[],
    private readonly list: readonly ContextEntry[],
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

  /** For lookups when the paths are not in walk order (null: they are; undefined: not checked yet). */
  private index: Map<string, number> | null | undefined;

  /** Position of `path`, or -1. */
  private indexOf(path: string): number {
    this.index ??= inPathOrder(this.paths) ? null : new Map(this.paths.map((p, i) => [p, i]));
    if (this.index !== null) return this.index.get(path) ?? -1;
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

/** Each path after the one before it in walk order (so a binary search finds any of them). */
function inPathOrder(paths: readonly string[]): boolean {
  for (let i = 1; i < paths.length; i++) if (pathOrder(paths[i - 1] as string, paths[i] as string) >= 0) return false;
  return true;
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
