/**
 * A git tree seen as a build context: the entries under the context folder
 * that survive `.dockerignore`, with git's blob ids as content digests. Pure.
 *
 * Blob ids are content hashes, so two snapshots made this way compare the
 * way builders compare content (never mix them with xxh64 snapshots). Git
 * records only 644/755 for files, which is what a fresh clone with the usual
 * umask 022 gets: the CI view, not the laptop's. Directories get 755. Sizes
 * are 0: the blob id already covers them. Submodules are empty directories
 * (their files are not in this repository's tree).
 */
import { canSkipExcludedDir, matchEntry, type IgnoreRules, type MatchInfo } from '../context/dockerignore.js';
import type { ContextEntry, ContextSnapshot } from '../context/types.js';
import type { GitEntry, GitTree } from './tree.js';

export interface TreeContextOptions {
  /** Absolute context folder, for messages only. */
  readonly root: string;
  /** The context folder relative to the repository root ('' = the root). */
  readonly dir: string;
  readonly ignore: IgnoreRules;
  readonly ignoreFile: string | null;
  /** Symlink targets by blob id (read with cat-file only for symlinks). */
  readonly linkTargets: ReadonlyMap<string, string>;
}

interface DirNode {
  readonly dirs: Map<string, DirNode>;
  readonly files: Map<string, GitEntry>;
}

export function contextFromTree(tree: GitTree, opts: TreeContextOptions): ContextSnapshot {
  const top = nestUnder(tree, opts.dir);
  const entries = new Map<string, ContextEntry>();
  const rules = opts.ignore;
  const pending: { rel: string; emitted: boolean }[] = [];
  const emitPending = (): void => {
    for (const dir of pending) {
      if (!dir.emitted) entries.set(dir.rel, dirEntry(dir.rel));
      dir.emitted = true;
    }
  };
  // Depth-first with names sorted, as the builders' walk goes: BuildKit's ignore matching depends on it.
  const visit = (node: DirNode, relDir: string, parentInfo: MatchInfo | undefined): void => {
    const names = [...new Set([...node.dirs.keys(), ...node.files.keys()])].sort(byteOrder);
    for (const name of names) {
      const rel = relDir === '' ? name : `${relDir}/${name}`;
      const { excluded, info } = matchEntry(rules, rel, parentInfo);
      const sub = node.dirs.get(name);
      if (sub) {
        if (excluded && canSkipExcludedDir(rules, rel)) continue;
        if (excluded) {
          pending.push({ rel, emitted: false });
          visit(sub, rel, info);
          pending.pop();
          continue;
        }
        emitPending();
        entries.set(rel, dirEntry(rel));
        visit(sub, rel, info);
        continue;
      }
      const file = node.files.get(name);
      if (!file || excluded) continue;
      emitPending();
      entries.set(rel, fileEntry(rel, file, opts.linkTargets));
    }
  };
  visit(top, '', undefined);
  return { root: opts.root, entries, ignoreFile: opts.ignoreFile };
}

/** Every path of the tree under `dir`, relative to it, before any ignore rule. */
export function pathsUnder(tree: GitTree, dir: string): GitTree {
  if (dir === '') return tree;
  const prefix = dir === '' ? '' : `${dir}/`;
  const out = new Map<string, GitEntry>();
  for (const [p, e] of tree) if (p.startsWith(prefix)) out.set(p.slice(prefix.length), e);
  return out;
}

function nestUnder(tree: GitTree, dir: string): DirNode {
  const top: DirNode = { dirs: new Map(), files: new Map() };
  for (const [rel, entry] of pathsUnder(tree, dir)) {
    const parts = rel.split('/');
    let node = top;
    for (const part of parts.slice(0, -1)) {
      let next = node.dirs.get(part);
      if (!next) node.dirs.set(part, (next = { dirs: new Map(), files: new Map() }));
      node = next;
    }
    const name = parts[parts.length - 1] as string;
    if (entry.mode === '160000') node.dirs.set(name, node.dirs.get(name) ?? { dirs: new Map(), files: new Map() });
    else node.files.set(name, entry);
  }
  return top;
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function dirEntry(rel: string): ContextEntry {
  return { path: rel, type: 'dir', mode: 0o755, size: 0, digest: '' };
}

function fileEntry(rel: string, e: GitEntry, linkTargets: ReadonlyMap<string, string>): ContextEntry {
  if (e.mode === '120000') return { path: rel, type: 'symlink', mode: 0o777, size: 0, digest: '', linkTarget: linkTargets.get(e.oid) ?? '' };
  return { path: rel, type: 'file', mode: e.mode === '100755' ? 0o755 : 0o644, size: 0, digest: e.oid };
}
