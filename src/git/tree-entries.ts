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

export class TreeEntries implements ReadonlyMap<string, ContextEntry> {
  private readonly made: (ContextEntry | undefined)[] = [];

  /**
   * `keys`: context paths in walk order; `slots`: per key, its position in
   * `tree` or DIR_SLOT; `prefix`: the context folder's path in the tree
   * ('' or ending in '/'); `kept`: per tree position, whether its entry is
   * one of these (else ignored, or not under the context).
   */
  constructor(
    private readonly keyList: readonly string[],
    private readonly slots: readonly number[],
    private readonly tree: PositionedTree,
    private readonly prefix: string,
    private readonly kept: Uint8Array,
    private readonly dirs: ReadonlyMap<string, ContextEntry>,
    private readonly linkTargets: ReadonlyMap<string, string>,
  ) {}

  get size(): number {
    return this.keyList.length;
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
    return this.keyList.values();
  }

  *values(): IterableIterator<ContextEntry> {
    for (let k = 0; k < this.keyList.length; k++) yield this.entryOf(k);
  }

  *entries(): IterableIterator<[string, ContextEntry]> {
    for (let k = 0; k < this.keyList.length; k++) yield [this.keyList[k] as string, this.entryOf(k)];
  }

  [Symbol.iterator](): IterableIterator<[string, ContextEntry]> {
    return this.entries();
  }

  forEach(visit: (value: ContextEntry, key: string, map: ReadonlyMap<string, ContextEntry>) => void): void {
    for (let k = 0; k < this.keyList.length; k++) visit(this.entryOf(k), this.keyList[k] as string, this);
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

  private entryOf(k: number): ContextEntry {
    const slot = this.slots[k] as number;
    const rel = this.keyList[k] as string;
    return slot === DIR_SLOT ? (this.dirs.get(rel) as ContextEntry) : this.fileAt(slot, rel);
  }

  /** The entry of a file or symlink at tree position `at`: made once. */
  private fileAt(at: number, rel: string): ContextEntry {
    return (this.made[at] ??= fileEntry(rel, this.tree.modeAt(at), this.tree.oidAt(at), this.linkTargets));
  }
}

/** Git records only 644/755 for files: what a fresh clone with the usual umask gets. Sizes are 0: the blob id covers them. */
export function fileEntry(rel: string, mode: GitMode, oid: string, linkTargets: ReadonlyMap<string, string>): ContextEntry {
  if (mode === '120000') return { path: rel, type: 'symlink', mode: 0o777, size: 0, digest: '', linkTarget: linkTargets.get(oid) ?? '' };
  return { path: rel, type: 'file', mode: mode === '100755' ? 0o755 : 0o644, size: 0, digest: oid };
}

export function dirEntry(rel: string): ContextEntry {
  return { path: rel, type: 'dir', mode: 0o755, size: 0, digest: '' };
}
