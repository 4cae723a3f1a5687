/**
 * A context snapshot's entries read from a tree (contextFromTree): the
 * paths in walk order, and per path where its tree entry is, or that it is
 * a directory. An entry object is made when asked for: key derivation
 * restricted to a change (context/restricted.ts) and the rules read paths
 * and a few entries, so most of 20,000 entries are never made at all.
 */
import type { ContextEntry } from '../context/types.js';
import { pathOrder } from '../context/walk-entries.js';
import type { PositionedTree } from './index-tree.js';
import type { GitMode } from './types.js';

/** `slots[k]` for a directory (a submodule included): it is an entry of its own. */
export const DIR_SLOT = -1;

/**
 * The entries' order as the walk leaves it: `keys` (context paths) and
 * per key its `slots` (its position in the tree, or DIR_SLOT), and between
 * them runs of paths of one folder, three numbers each: the index in `keys`
 * the run comes before, its first walk position and its end (`list` maps a
 * walk position to a tree position; null: the same). A run's keys are made
 * only when the entries are listed: check reads a few entries of a
 * 20,000-path context by path (context/restricted.ts) and lists none, and
 * two pushes per path were ~1.2 ms of its walk and most of its garbage.
 */
export interface WalkOrder {
  readonly keys: readonly string[];
  readonly slots: readonly number[];
  readonly runs: readonly number[];
  readonly list: readonly number[] | null;
  /** Keys and run paths. */
  readonly size: number;
}

export class TreeEntries implements ReadonlyMap<string, ContextEntry> {
  private readonly made: (ContextEntry | undefined)[] = [];
  private flat: { readonly keys: readonly string[]; readonly slots: readonly number[] } | null = null;

  /**
   * `order`: the context paths in walk order (WalkOrder); `prefix`: the
   * context folder's path in the tree ('' or ending in '/'); `kept`: per
   * tree position, whether its entry is one of these (else ignored, or not
   * under the context).
   */
  constructor(
    private readonly order: WalkOrder,
    private readonly tree: PositionedTree,
    private readonly prefix: string,
    private readonly kept: Uint8Array,
    private readonly dirs: ReadonlyMap<string, ContextEntry>,
    private readonly linkTargets: ReadonlyMap<string, string>,
  ) {}

  get size(): number {
    return this.order.size;
  }

  get(rel: string): ContextEntry | undefined {
    const dir = this.dirs.get(rel);
    if (dir !== undefined) return dir;
    const at = this.tree.positionOf(this.prefix + rel);
    return at >= 0 && this.kept[at] === 1 ? this.fileAt(at, rel) : undefined;
  }

  has(rel: string): boolean {
    return this.get(rel) !== undefined;
  }

  keys(): IterableIterator<string> {
    return this.listed().keys.values();
  }

  *values(): IterableIterator<ContextEntry> {
    const { keys, slots } = this.listed();
    for (let k = 0; k < keys.length; k++) yield this.entryOf(keys, slots, k);
  }

  *entries(): IterableIterator<[string, ContextEntry]> {
    const { keys, slots } = this.listed();
    for (let k = 0; k < keys.length; k++) yield [keys[k] as string, this.entryOf(keys, slots, k)];
  }

  [Symbol.iterator](): IterableIterator<[string, ContextEntry]> {
    return this.entries();
  }

  forEach(visit: (value: ContextEntry, key: string, map: ReadonlyMap<string, ContextEntry>) => void): void {
    const { keys, slots } = this.listed();
    for (let k = 0; k < keys.length; k++) visit(this.entryOf(keys, slots, k), keys[k] as string, this);
  }

  /**
   * FilesByName (rules/context-files.ts): the files (symlinks are not)
   * whose last segment is `name`, in walk order, found by searching the
   * tree's path text natively for the name
   * between a `/` or NUL and a NUL, where a pass over the 20,000 keys in JS
   * ran cold (~3 ms) and then had V8 compile it on stack (2-5 ms more).
   * null when the tree has no path text or the name could span segments.
   */
  filesNamed(name: string): string[] | null {
    const text = this.tree.text;
    if (text === undefined || name === '' || name.includes('/') || name.includes('\0')) return null;
    const out: string[] = [];
    for (const needle of [`/${name}\0`, `\0${name}\0`]) {
      for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
        const end = at + needle.length - 1;
        const path = text.slice(needle.startsWith('/') ? text.lastIndexOf('\0', at) + 1 : at + 1, end);
        const position = this.tree.positionOf(path);
        if (position >= 0 && this.kept[position] === 1 && this.tree.modeAt(position) !== '120000') out.push(path.slice(this.prefix.length));
      }
    }
    return out.sort(pathOrder);
  }

  private entryOf(keys: readonly string[], slots: readonly number[], k: number): ContextEntry {
    const slot = slots[k] as number;
    const rel = keys[k] as string;
    return slot === DIR_SLOT ? (this.dirs.get(rel) as ContextEntry) : this.fileAt(slot, rel);
  }

  /** Every key and slot in order, the runs' made once (see WalkOrder). */
  private listed(): { readonly keys: readonly string[]; readonly slots: readonly number[] } {
    const { keys, slots, runs, list } = this.order;
    if (runs.length === 0) return { keys, slots };
    if (this.flat !== null) return this.flat;
    const out = { keys: [] as string[], slots: [] as number[] };
    let r = 0;
    for (let i = 0; i <= keys.length; i++) {
      for (; r < runs.length && runs[r] === i; r += 3) {
        for (let k = runs[r + 1] as number; k < (runs[r + 2] as number); k++) {
          out.keys.push(relAt(this.tree.paths, list, k, this.prefix));
          out.slots.push(list === null ? k : (list[k] as number));
        }
      }
      if (i < keys.length) {
        out.keys.push(keys[i] as string);
        out.slots.push(slots[i] as number);
      }
    }
    return (this.flat = out);
  }

  /** The entry of a file or symlink at tree position `at`: made once. */
  private fileAt(at: number, rel: string): ContextEntry {
    return (this.made[at] ??= fileEntry(rel, this.tree.modeAt(at), this.tree.oidAt(at), this.linkTargets));
  }
}

/** The context path at walk position `k`. */
export function relAt(paths: readonly string[], list: readonly number[] | null, k: number, prefix: string): string {
  const path = paths[list === null ? k : (list[k] as number)] as string;
  return prefix === '' ? path : path.slice(prefix.length);
}

/** Git records only 644/755 for files: what a fresh clone with the usual umask gets. Sizes are 0: the blob id covers them. */
export function fileEntry(rel: string, mode: GitMode, oid: string, linkTargets: ReadonlyMap<string, string>): ContextEntry {
  if (mode === '120000') return { path: rel, type: 'symlink', mode: 0o777, size: 0, digest: '', linkTarget: linkTargets.get(oid) ?? '' };
  return { path: rel, type: 'file', mode: mode === '100755' ? 0o755 : 0o644, size: 0, digest: oid };
}

export function dirEntry(rel: string): ContextEntry {
  return { path: rel, type: 'dir', mode: 0o755, size: 0, digest: '' };
}
