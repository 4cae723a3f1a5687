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
import { canSkipExcludedDir, matchEntry, matchWithoutTesting, type IgnoreRules, type MatchInfo } from '../ignore/dockerignore.js';
import type { ContextEntry, ContextSnapshot } from '../context/types.js';
import { pathOrder } from '../context/walk-entries.js';
import type { GitEntry, GitTree } from './tree.js';
import { PatchedMap } from '../lang/patched-map.js';
import { positioned, type Positions, type PositionedTree } from './index-tree.js';
import { dirEntry, DIR_SLOT, fileEntry, relAt, TreeEntries } from './tree-entries.js';

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

/** A directory open on the way down to the current path. */
interface OpenDir {
  readonly rel: string;
  readonly info: MatchInfo | undefined;
  /** Excluded and no `!` rule can reach inside: nothing below is kept. */
  readonly skip: boolean;
  /** Has its entry; false for an excluded directory walked only because a `!` rule may keep something inside. */
  emitted: boolean;
  /** What the rules say of every path directly inside without testing it (matchWithoutTesting); undefined: not asked yet. */
  children?: { readonly excluded: boolean; readonly info: MatchInfo } | null;
}

/**
 * One pass over the paths in walk order (depth-first, names sorted), opening
 * and closing directories as the paths move, so the result is what the
 * builders' walk of a checkout would give. Replaces a nested tree of Maps
 * that was built and then walked: on a 20,000-path index 17 ms instead of
 * ~55 ms, and far less garbage. The walk reads the tree by position and
 * keeps paths and positions only (TreeEntries): no entry object, id or map
 * slot per path.
 */
export function contextFromTree(tree: GitTree, opts: TreeContextOptions): ContextSnapshot {
  const source = positioned(tree);
  const prefix = opts.dir === '' ? '' : `${opts.dir}/`;
  const positions = source.positionsUnder(prefix);
  return walkPaths(source, prefix, positions, opts, true) ?? walkPaths(source, prefix, inWalkOrder(source, prefix, positions), opts, false) as ContextSnapshot;
}

/**
 * The walk over the paths at `positions`; `checked`: the order is git's,
 * and the walk stops (null) where it is not the walk's (see inWalkOrder).
 * Git lists paths in byte order, which differs from the walk's only where a
 * folder's name is the start of the name before it, which continues with a
 * character below '/' (`a-b` before `a/c`): that is looked at only where a
 * path opens a folder, not for every pair of paths.
 */
function walkPaths(source: PositionedTree, prefix: string, positions: Positions, opts: TreeContextOptions, checked: boolean): ContextSnapshot | null {
  const { list, start, end } = positions;
  const paths = source.paths;
  const keys: string[] = [];
  const slots: number[] = [];
  // Runs of kept paths in one folder (runInFolder) as WalkOrder.runs: their keys are made only if the entries are listed.
  const runs: number[] = [];
  let inRuns = 0;
  const kept = new Uint8Array(source.size);
  const dirs = new Map<string, ContextEntry>();
  const rules = opts.ignore;
  const top: OpenDir = { rel: '', info: undefined, skip: false, emitted: true };
  const open: OpenDir[] = [top];
  const addDir = (rel: string): void => {
    dirs.set(rel, dirEntry(rel));
    // A file of the same path (an index git would not write) came just before, in walk order: the folder takes its place.
    const last = keys.length - 1;
    const run = runs.length - 3;
    if (run >= 0 && runs[run] === keys.length) {
      // Just before is a run's last path.
      const lastK = (runs[run + 2] as number) - 1;
      if (relAt(paths, list, lastK, prefix) === rel) {
        kept[list === null ? lastK : (list[lastK] as number)] = 0;
        inRuns--;
        if ((runs[run + 2] = lastK) === runs[run + 1]) runs.length = run;
      }
    } else if (last >= 0 && keys[last] === rel && slots[last] !== DIR_SLOT) {
      kept[slots[last] as number] = 0;
      slots[last] = DIR_SLOT;
      return;
    }
    keys.push(rel);
    slots.push(DIR_SLOT);
  };
  // Excluded directories kept open without their entry: only then is there anything to emit (most paths: none).
  let pending = 0;
  const emitPending = (): void => {
    if (pending === 0) return;
    for (const dir of open) {
      if (!dir.emitted) addDir(dir.rel);
      dir.emitted = true;
    }
    pending = 0;
  };
  /**
   * The rules' answer for `rel`, directly inside the innermost open directory `parent`. Its depth in segments is
   * the open directories' count (the top included): rules of another depth are not tried, and when none is of
   * this depth, the directory's info answers for all its paths at once.
   */
  const verdict = (parent: OpenDir, rel: string): { readonly excluded: boolean; readonly info: MatchInfo } => {
    if (parent.children === undefined) parent.children = matchWithoutTesting(rules, parent.info, open.length);
    return parent.children ?? matchEntry(rules, rel, parent.info, open.length);
  };
  /** Opens the directory `rel` inside the innermost open one; submodules are directories that stay empty. */
  const openDir = (rel: string): void => {
    const parent = open[open.length - 1] as OpenDir;
    if (parent.skip) {
      open.push({ rel, info: undefined, skip: true, emitted: true });
      return;
    }
    const { excluded, info } = verdict(parent, rel);
    const skip = excluded && canSkipExcludedDir(rules, rel);
    if (!excluded) emitPending();
    if (!excluded) addDir(rel);
    else pending++;
    open.push({ rel, info, skip, emitted: !excluded });
  };
  const submodules = source.hasSubmodules;
  // Runs need no look at each path's order or mode (see runInFolder).
  const byRuns = !(checked && !source.sorted) && !submodules;
  let previous: string | null = null;
  for (let k = start; k < end; k++) {
    const at = list === null ? k : (list[k] as number);
    const path = paths[at] as string;
    const rel = prefix === '' ? path : path.slice(prefix.length);
    if (checked && !source.sorted && previous !== null && !(previous < rel)) return null;
    // Close the directories this path is not in, then open the ones it is in.
    let innermost = (open[open.length - 1] as OpenDir).rel;
    // isInside(rel, innermost), inline: a call per path is felt before the loop is optimized.
    while (open.length > 1 && !(rel.length > innermost.length && rel.charCodeAt(innermost.length) === SLASH && rel.startsWith(innermost))) {
      open.pop();
      innermost = (open[open.length - 1] as OpenDir).rel;
    }
    let slash = rel.indexOf('/', innermost === '' ? 0 : innermost.length + 1);
    // Only the first folder the path opens can be the start of the name before it (the rest are new below it).
    if (checked && previous !== null && slash >= 0 && previous.charCodeAt(slash) < SLASH && previous.startsWith(rel.slice(0, slash))) return null;
    for (; slash >= 0; slash = rel.indexOf('/', slash + 1)) openDir(rel.slice(0, slash));
    previous = rel;
    if (submodules && source.modeAt(at) === '160000') {
      openDir(rel);
      continue;
    }
    const parent = open[open.length - 1] as OpenDir;
    // The directory's answer for all its paths, when it has one, without the call.
    const keep = !(parent.skip || (parent.children ? parent.children.excluded : verdict(parent, rel).excluded));
    if (keep) {
      if (pending > 0) emitPending();
      kept[at] = 1;
      keys.push(rel);
      slots.push(at);
    }
    // The paths after it directly in the same folder get the same answer when the folder has one for all.
    if (byRuns && (parent.skip || parent.children)) {
      const next = runInFolder({ paths, list, end, keep, kept }, k + 1, prefix + (parent.rel === '' ? '' : `${parent.rel}/`));
      if (next === k + 1) continue;
      if (keep) {
        runs.push(keys.length, k + 1, next);
        inRuns += next - k - 1;
      }
      previous = relAt(paths, list, (k = next - 1), prefix);
    }
  }
  const order = { keys, slots, runs, list, size: keys.length + inRuns };
  const entries = new TreeEntries(order, source, prefix, kept, dirs, opts.linkTargets);
  return { root: opts.root, entries, ignoreFile: opts.ignoreFile };
}

/** What runInFolder reads (the walk's positions) and writes (which tree positions are kept). */
interface Run {
  readonly paths: readonly string[];
  readonly list: readonly number[] | null;
  readonly end: number;
  /** The folder's answer for every path directly in it. */
  readonly keep: boolean;
  readonly kept: Uint8Array;
}

/**
 * The walk's positions from `k` on whose paths lie directly in the open
 * folder `folder` (its tree path, '' or ending in '/'): they open and close
 * no folder, so each is kept or not by the folder's one answer. Returns the
 * first position past them; walkPaths notes them as one run of its order. Its own small function: walkPaths then loops
 * once per folder rather than once per path, so V8 does not compile that
 * large function again while the walk runs (an on-stack replacement of
 * 17-50 ms of CPU on the bench index, finished after the walk was), and
 * the loop it does compile is this one. Callers check the order and modes
 * the walk would look at (a sorted tree without submodules, or positions
 * already in walk order).
 */
function runInFolder(run: Run, k: number, folder: string): number {
  const { paths, list, end, keep, kept } = run;
  for (; k < end; k++) {
    const at = list === null ? k : (list[k] as number);
    const path = paths[at] as string;
    if (!path.startsWith(folder) || path.indexOf('/', folder.length) >= 0) break;
    if (keep) kept[at] = 1;
  }
  return k;
}


/** A snapshot made from another by replacing entries (patchContext). */
export interface PatchedContext {
  readonly snapshot: ContextSnapshot;
  /**
   * The entries replaced, as they are now, when each is a regular file both
   * before and after (then every source resolves as it did, and only their
   * fingerprints move); null when one is or was a symlink.
   */
  readonly fileChanges: readonly ContextEntry[] | null;
}

/**
 * `tree` as a context, from the snapshot `base` that contextFromTree made of
 * `baseTree` with the same ignore rules, when the trees differ only in the
 * content or mode of files both have (`changed`: the repo-relative paths
 * whose entries differ). The same paths under the same rules give the same
 * entries in the same order, so only the changed files' entries are
 * replaced, read through the base's (PatchedMap): O(changed) where a walk
 * of 20,000 paths was ~20 ms. null when a path was
 * added or removed, or is a submodule on either side: only a walk tells then.
 */
export function patchContext(base: ContextSnapshot, baseTree: GitTree, tree: GitTree, changed: Iterable<string>, opts: TreeContextOptions): PatchedContext | null {
  const prefix = opts.dir === '' ? '' : `${opts.dir}/`;
  const updates: ContextEntry[] = [];
  let filesOnly = true;
  for (const p of changed) {
    if (!p.startsWith(prefix)) continue;
    const before = baseTree.get(p);
    const after = tree.get(p);
    if (before === undefined || after === undefined || before.mode === '160000' || after.mode === '160000') return null;
    const rel = p.slice(prefix.length);
    const was = base.entries.get(rel);
    if (was === undefined) continue; // Ignored, and still is.
    const now = fileEntry(rel, after.mode, after.oid, opts.linkTargets);
    updates.push(now);
    if (was.type !== 'file' || now.type !== 'file') filesOnly = false;
  }
  const entries = updates.length === 0 ? base.entries : new PatchedMap(base.entries, new Map(updates.map((e) => [e.path, e])));
  return { snapshot: { root: opts.root, entries, ignoreFile: opts.ignoreFile }, fileChanges: filesOnly ? updates : null };
}

/** Every path of the tree under `dir`, relative to it, before any ignore rule. */
export function pathsUnder(tree: GitTree, dir: string): GitTree {
  if (dir === '') return tree;
  const prefix = `${dir}/`;
  const out = new Map<string, GitEntry>();
  for (const [p, e] of tree) if (p.startsWith(prefix)) out.set(p.slice(prefix.length), e);
  return out;
}

const SLASH = 0x2f;

/**
 * The positions sorted as the builders walk: per directory, names in
 * code-unit order, a directory's contents right after it. That is plain
 * string order with '/' below every other character.
 */
function inWalkOrder(tree: PositionedTree, prefix: string, { list, start, end }: Positions): Positions {
  const items: { readonly at: number; readonly rel: string }[] = [];
  for (let k = start; k < end; k++) {
    const at = list === null ? k : (list[k] as number);
    items.push({ at, rel: tree.pathAt(at).slice(prefix.length) });
  }
  items.sort((a, b) => pathOrder(a.rel, b.rel));
  return { list: items.map((item) => item.at), start: 0, end: items.length };
}

