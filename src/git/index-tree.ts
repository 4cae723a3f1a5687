/**
 * A tree kept as flat arrays: the paths in git's order, their modes, and
 * where each object id sits in the bytes it was read from. An entry object
 * (and its id's hex) is made only when asked for: check reads 20,000 paths
 * but the ids of a handful (the changed files, Dockerfiles, ignore files,
 * symlinks), and an object and a 40-character string per entry were most
 * of the index read's time and of the garbage the collector then chased.
 */
import type { GitEntry, GitMode, GitTree } from './types.js';

/** What a walk over a tree asks of it by position (tree-context.ts); IndexTree, or any GitTree listed once. */
export interface PositionedTree {
  readonly size: number;
  /** The paths by position (the walk reads them in a loop: an array, not a call per path). */
  readonly paths: readonly string[];
  /** Some entry is a submodule (else the walk need not ask each path's mode). */
  readonly hasSubmodules: boolean;
  /** Each path is below the next as strings. */
  readonly sorted: boolean;
  /** The paths between NULs (pathText), when the tree has them as one text. */
  readonly text?: string;
  pathAt(i: number): string;
  modeAt(i: number): GitMode;
  oidAt(i: number): string;
  /** The position of `path`, or -1. */
  positionOf(path: string): number;
  /** The positions of the paths under the folder `prefix` ends with ('' = all), in tree order. */
  positionsUnder(prefix: string): Positions;
}

/**
 * Positions in a tree: `list` when given, else start to end (a sorted
 * tree's paths under a folder are one run of it, and the root's are all:
 * no array of 20,000 numbers for them).
 */
export interface Positions {
  readonly list: readonly number[] | null;
  readonly start: number;
  readonly end: number;
}

const MODES: ReadonlyMap<number, GitMode> = new Map([[0o100644, '100644'], [0o100755, '100755'], [0o120000, '120000'], [0o160000, '160000']]);

/** The ids' bytes and where each entry's starts. */
export interface IdBytes {
  readonly buf: Buffer;
  readonly at: Int32Array;
  readonly length: number;
}

export class IndexTree implements ReadonlyMap<string, GitEntry>, PositionedTree {
  private made: (GitEntry | undefined)[] = [];
  private byPath: Map<string, number> | null = null;
  private linkList: string[] | null = null;

  /**
   * `sorted`: every path is below the next as strings, which for names read
   * as Latin-1 is git's byte order: paths are found by binary search then,
   * else through a map of them all. `text`: the paths between NULs.
   */
  constructor(
    readonly paths: readonly string[],
    private readonly modes: Uint32Array,
    private readonly ids: IdBytes,
    readonly sorted: boolean,
    readonly text: string,
  ) {}

  get size(): number {
    return this.paths.length;
  }

  pathAt(i: number): string {
    return this.paths[i] as string;
  }

  modeAt(i: number): GitMode {
    const mode = this.modes[i] as number;
    // The walk asks once per path: the usual mode without a map lookup.
    if (mode === 0o100644) return '100644';
    return MODES.get(mode) ?? (mode.toString(8).padStart(6, '0') as GitMode);
  }

  oidAt(i: number): string {
    const at = this.ids.at[i] as number;
    return this.ids.buf.toString('hex', at, at + this.ids.length);
  }

  entryAt(i: number): GitEntry {
    return (this.made[i] ??= { mode: this.modeAt(i), oid: this.oidAt(i) });
  }

  positionOf(path: string): number {
    if (!this.sorted) return (this.byPath ??= new Map(this.paths.map((p, i) => [p, i]))).get(path) ?? -1;
    const i = this.lowerBound(path);
    return this.paths[i] === path ? i : -1;
  }

  positionsUnder(prefix: string): Positions {
    if (!this.sorted) return scanUnder(this, prefix);
    if (prefix === '') return { list: null, start: 0, end: this.paths.length };
    const start = this.lowerBound(prefix);
    let end = start;
    while (end < this.paths.length && (this.paths[end] as string).startsWith(prefix)) end++;
    return { list: null, start, end };
  }

  get hasSubmodules(): boolean {
    return this.modes.includes(0o160000);
  }

  /** The symlinks' paths, from the modes alone (found natively: most trees have none). */
  get links(): readonly string[] {
    if (this.linkList === null) {
      this.linkList = [];
      for (let i = this.modes.indexOf(0o120000); i >= 0; i = this.modes.indexOf(0o120000, i + 1)) this.linkList.push(this.paths[i] as string);
    }
    return this.linkList;
  }

  get(path: string): GitEntry | undefined {
    const i = this.positionOf(path);
    return i < 0 ? undefined : this.entryAt(i);
  }

  has(path: string): boolean {
    return this.positionOf(path) >= 0;
  }

  keys(): IterableIterator<string> {
    return this.paths.values();
  }

  *values(): IterableIterator<GitEntry> {
    for (let i = 0; i < this.paths.length; i++) yield this.entryAt(i);
  }

  *entries(): IterableIterator<[string, GitEntry]> {
    for (let i = 0; i < this.paths.length; i++) yield [this.paths[i] as string, this.entryAt(i)];
  }

  [Symbol.iterator](): IterableIterator<[string, GitEntry]> {
    return this.entries();
  }

  forEach(visit: (value: GitEntry, key: string, map: ReadonlyMap<string, GitEntry>) => void): void {
    for (let i = 0; i < this.paths.length; i++) visit(this.entryAt(i), this.paths[i] as string, this);
  }

  /** The first position whose path is not below `path` (sorted trees only). */
  private lowerBound(path: string): number {
    let lo = 0;
    let hi = this.paths.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.paths[mid] as string) < path) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Any other tree (a revision, a test's map) listed once, for a walk by position. */
class ListedTree implements PositionedTree {
  readonly paths: string[] = [];
  private readonly entries: GitEntry[] = [];
  private byPath: Map<string, number> | null = null;
  readonly sorted: boolean = true;
  readonly hasSubmodules: boolean = false;

  constructor(tree: GitTree) {
    for (const [p, e] of tree) {
      if (this.paths.length > 0 && !((this.paths[this.paths.length - 1] as string) < p)) this.sorted = false;
      if (e.mode === '160000') this.hasSubmodules = true;
      this.paths.push(p);
      this.entries.push(e);
    }
  }

  get size(): number {
    return this.paths.length;
  }

  pathAt(i: number): string {
    return this.paths[i] as string;
  }

  modeAt(i: number): GitMode {
    return (this.entries[i] as GitEntry).mode;
  }

  oidAt(i: number): string {
    return (this.entries[i] as GitEntry).oid;
  }

  positionOf(path: string): number {
    return (this.byPath ??= new Map(this.paths.map((p, i) => [p, i]))).get(path) ?? -1;
  }

  positionsUnder(prefix: string): Positions {
    return scanUnder(this, prefix);
  }
}

function scanUnder(tree: PositionedTree, prefix: string): Positions {
  if (prefix === '') return { list: null, start: 0, end: tree.size };
  const list: number[] = [];
  for (let i = 0; i < tree.size; i++) if (tree.pathAt(i).startsWith(prefix)) list.push(i);
  return { list, start: 0, end: list.length };
}

/** The tree as positions: an IndexTree as it is, any other listed. */
export function positioned(tree: GitTree): PositionedTree {
  return tree instanceof IndexTree ? tree : new ListedTree(tree);
}
