/**
 * loadContext: the build context as the builder would receive it. Walks the
 * directory once (never following symlinks, never leaving the root), applies
 * the ignore file the builder would pick, and hashes every kept file, reusing
 * digests from the stat cache for files whose metadata did not change.
 */
import { constants, lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { NotRegularFile, readRegularFile } from './read-regular.js';
import { readDir, type Listing } from './read-dir.js';
import { basename, resolve, sep } from 'node:path';
import { IgnoreFileError, IgnoreFileNotRegular, unreadable } from './errors.js';
import { canSkipExcludedDir, ignoreFileCandidates, IgnoreSyntaxError, type IgnoreCandidate, matchEntry, matchWithoutTesting, NO_RULES, parseIgnoreFile, type IgnoreRules, type MatchInfo } from '../ignore/dockerignore.js';
import { hex64, xxhashApi } from './hash.js';
import type { FileTable } from './hash-files.js';
import { columnsOf, entriesOf, FileColumns, presentFiles, tableIndexOf, type Slot, type Sources } from './file-columns.js';
import { ContextFiles, coreToSpare, type SettledFiles } from './hash-pool.js';
import { checkRows, RowState } from './fresh-rows.js';
import { threadStampReader, type StampInto } from './lstat-stamp.js';
import { EMPTY_CACHE, readStatCache, STAMP_FIELDS, statCachePath, writeStatCache, type StatCache } from './stat-cache.js';
import type { Builder } from '../key/types.js';
import type { ContextEntry, ContextSnapshot } from './types.js';
import { errorCode } from '../lang/error-code.js';

export type { Builder };

export interface ContextProgress {
  readonly files: number;
  readonly bytes: number;
  readonly totalFiles: number;
  /** 0 until every file has been stat-ed, which happens as the files are hashed: known only at the end. */
  readonly totalBytes: number;
}

export interface LoadContextOptions {
  /** Absolute path of the context directory. */
  readonly root: string;
  /** Absolute path of the Dockerfile (it picks `<Dockerfile>.dockerignore`). */
  readonly dockerfile: string;
  readonly builder: Builder;
  /** Where the stat cache lives (read and written even on dry runs: it is an optimisation, not a record); null = none. */
  readonly statCacheDir: string | null;
  readonly onProgress?: (p: ContextProgress) => void;
}

export async function loadContext(opts: LoadContextOptions): Promise<ContextSnapshot> {
  const x = await xxhashApi();
  const root = resolve(opts.root);
  const cacheFile = opts.statCacheDir === null ? null : statCachePath(opts.statCacheDir, root, x);
  const cache = cacheFile === null ? EMPTY_CACHE : readStatCache(cacheFile, root);
  // The cache's rows are checked from now on (by a worker, for a big cache), while this thread walks.
  const rowCheck = checkRows(root, cache, coreToSpare);
  const ignore = readIgnore(root, opts.dockerfile, opts.builder);
  const reading = new ToRead(root, opts.onProgress);
  const { slots, files, stringOrder } = walkContext(root, ignore.rules, cache, (rel) => reading.add(rel));
  const states = await rowCheck.finish();
  const sources = keptSources(files, states, cache, reading);
  const { tables, failures } = await reading.finish(files.length, sources.cachedBytes);
  const first = failures[0];
  if (first !== undefined) throw unreadable(`${root}/${relOf(tables, first[0])}`, Object.assign(new Error(first[1]), { code: first[1] }));
  const columns = new FileColumns(cache, tables);
  const { present, read } = presentFiles(sources.of, columns);
  // Rewrite the cache only when something was read or disappeared (or it has no generation yet): a warm run writes nothing.
  const same = !read && present.length === files.length && cache.size === files.length && cache.generation !== null;
  const generation = cacheFile === null ? null : same ? cache.generation : writeStatCache(cacheFile, root, columnsOf(present, columns));
  const identity = generation === null ? null : `${generation}:${hex64(x.h64(shapeText(slots, ignore)))}`;
  // Made when first read: an unchanged re-plan whose selections are remembered (app/memo-view.ts) never needs them.
  let entries: ReadonlyMap<string, ContextEntry> | null = null;
  return {
    root,
    get entries() {
      entries ??= entriesOf(slots, sources.of, columns, stringOrder);
      return entries;
    },
    ignoreFile: ignore.display,
    ...(identity === null ? {} : { identity }),
  };
}

/**
 * What a snapshot holds besides its files: the ignore file (name and text)
 * and every directory and symlink with its mode and target. With the stat
 * cache's generation it makes the snapshot's identity: when every file was
 * fresh in a cache of the same paths (nothing read, gone or added), the
 * files are that generation's, so equal identities mean equal entries.
 */
function shapeText(slots: readonly Slot[], ignore: LoadedIgnore): string {
  const lines = [`${ignore.display ?? ''}\0${ignore.text ?? ''}`];
  for (const e of slots) if (typeof e !== 'number') lines.push(`${e.path}\0${e.type}\0${e.mode}\0${e.linkTarget ?? ''}`);
  return lines.join('\n');
}

/** The path of the context's file number `index`, from the table holding it. */
function relOf(tables: readonly FileTable[], index: number): string {
  const t = tables[tableIndexOf(tables, index)];
  return t?.rels[index - t.first] ?? '';
}

/**
 * The kept files to read and hash, given to the file tables (hash-pool.ts)
 * as they come: a file the cache has no row for as the walk finds it, one
 * whose row is stale once the rows are checked. Nothing is started for a
 * context whose every file is fresh.
 */
class ToRead {
  private files: ContextFiles | null = null;
  private count = 0;
  /** Files and bytes taken from the cache, known once the rows are checked (before any file is read). */
  private cached = { files: 0, bytes: 0 };
  private readBytes = 0;

  constructor(
    private readonly root: string,
    private readonly onProgress: LoadContextOptions['onProgress'],
  ) {}

  /** Hands the file over; returns its index among the files read. */
  add(rel: string): number {
    this.files ??= new ContextFiles(this.root, { cache: EMPTY_CACHE, onProgress: (p) => this.progress(p) });
    this.files.add(rel);
    return this.count++;
  }

  /** Reads and hashes them all; progress counts all `total` kept files, `cachedBytes` in those from the cache. */
  async finish(total: number, cachedBytes: number): Promise<SettledFiles> {
    this.cached = { files: total - this.count, bytes: cachedBytes };
    const settled = this.files === null ? { tables: [], failures: [] } : await this.files.finish();
    const bytes = this.cached.bytes + this.readBytes;
    this.onProgress?.({ files: total, bytes, totalFiles: total, totalBytes: bytes });
    return settled;
  }

  /** The tables' progress with the files from the cache counted in; their last report (with totals) is finish's. */
  private progress(p: ContextProgress): void {
    this.readBytes = p.bytes;
    if (p.totalBytes !== 0 || p.files === p.totalFiles) return;
    this.onProgress?.({ files: this.cached.files + p.files, bytes: this.cached.bytes + p.bytes, totalFiles: this.cached.files + p.totalFiles, totalBytes: 0 });
  }
}

/** Where each kept file's entry comes from: its cache row (>= 0), or -1 - its index among the files read. */
interface KeptSources {
  readonly of: Sources;
  /** Bytes of the files whose digest comes from the cache. */
  readonly cachedBytes: number;
}

/** Each kept file with a fresh row keeps it; one with a stale row is handed over to be read. */
function keptSources(files: readonly number[], states: Uint8Array, cache: StatCache, reading: ToRead): KeptSources {
  const of = new Int32Array(files.length);
  const stamps = new Float64Array(cache.shared.stamps);
  let cachedBytes = 0;
  for (let i = 0; i < files.length; i++) {
    const source = files[i] as number;
    if (source < 0 || states[source] === RowState.Fresh) {
      of[i] = source;
      if (source >= 0) cachedBytes += stamps[source * STAMP_FIELDS] ?? 0;
      continue;
    }
    of[i] = -1 - reading.add(cache.paths[source] as string);
  }
  return { of, cachedBytes };
}

// --- ignore file -------------------------------------------------------------

interface LoadedIgnore {
  readonly rules: IgnoreRules;
  /** Relative to the root when inside it, else absolute (as ContextSnapshot.ignoreFile). */
  readonly display: string | null;
  readonly text: string | null;
}

function readIgnore(root: string, dockerfile: string, builder: Builder): LoadedIgnore {
  for (const candidate of ignoreFileCandidates(root, resolve(dockerfile), builder)) {
    const text = readIgnoreText(root, candidate);
    if (text === null) continue;
    const display = candidate.inContext ? basename(candidate.file) : candidate.file;
    try {
      return { rules: parseIgnoreFile(text, builder), display, text };
    } catch (err) {
      if (!(err instanceof IgnoreSyntaxError)) throw err;
      throw new IgnoreFileError(candidate.file, err);
    }
  }
  return { rules: NO_RULES, display: null, text: null };
}

/** The ignore file's text, or null when it does not exist. A context ignore file that is a symlink out of the context counts as absent. */
function readIgnoreText(root: string, candidate: IgnoreCandidate): string | null {
  try {
    // A missing candidate (most Dockerfiles have no <name>.dockerignore) answers without an exception: a
    // run's first thrown error costs ~60 µs (other errors still throw, and are answered below).
    if (lstatSync(candidate.file, { throwIfNoEntry: false }) === undefined) return null;
    if (candidate.inContext && !insideRoot(root, candidate.file)) return null;
    return readRegularFile(candidate.file);
  } catch (err) {
    if (err instanceof NotRegularFile) {
      if (err.kind === 'a directory') return null;
      throw new IgnoreFileNotRegular(candidate.file, err.kind);
    }
    const code = errorCode(err);
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'ELOOP') return null;
    throw unreadable(candidate.file, err);
  }
}

/** realpath(3) (realpathSync.native): the JS realpathSync lstats every component of the path in JS, ~0.1 ms for two paths at start-up; errno errors are the same. */
function insideRoot(root: string, file: string): boolean {
  const real = realpathSync.native(file);
  const realRoot = realpathSync.native(root);
  return real.startsWith(realRoot + sep);
}

// --- walk --------------------------------------------------------------------

interface WalkResult {
  readonly slots: Slot[];
  /** Walk order is also string order (see followedByLowerSibling); true for most trees. */
  readonly stringOrder: boolean;
  /** Per kept file, in walk order: its row in the stat cache, or -1 - its index among the files handed to `toRead`. */
  readonly files: number[];
}

/** An excluded directory being walked because a `!` rule may keep something inside; emitted only if it does. */
interface PendingDir {
  readonly rel: string;
  readonly mode: number;
  emitted: boolean;
}

/**
 * Depth-first, names sorted (as Go's WalkDir), one readdir per directory,
 * all sync: on a warm page cache a sync syscall costs a few microseconds
 * where a promise round trip costs several times more. The type readdir
 * reports (d_type) decides what to do with each name, so regular files are
 * not lstat-ed here: the file table does that for them, on every core at
 * once. Directories and symlinks are lstat-ed here (their mode is needed),
 * and so is a name whose type readdir could not tell. An excluded file costs
 * no syscall at all.
 */
function walkContext(root: string, rules: IgnoreRules, cache: StatCache, toRead: (rel: string) => number): WalkResult {
  const slots: Slot[] = [];
  const files: number[] = [];
  let shift = 0; // Cache row minus file number of the last file found: the next file's row is probably its number plus this.
  const pending: PendingDir[] = [];
  let stringOrder = true;

  const emitPending = (): void => {
    for (const dir of pending) {
      if (dir.emitted) continue;
      dir.emitted = true;
      slots.push(dirEntry(dir.rel, dir.mode));
    }
  };

  const addFile = (relDir: string, name: string, rel: string): void => {
    if (pending.length !== 0) emitPending();
    slots.push(files.length);
    const hint = files.length + shift;
    const row = cache.size === 0 ? -1 : isPathIn(cache.paths[hint], relDir, name) ? hint : cache.rowOf(rel, hint);
    if (row >= 0) shift = row - files.length;
    files.push(row >= 0 ? row : -1 - toRead(rel));
  };

  const stamp: StampInto = { size: 0, mtimeMs: 0, ctimeMs: 0, ino: 0, mode: 0 };
  const visit = (relDir: string, absDir: string, parentInfo: MatchInfo | undefined, dirExcluded: boolean, depth = 1): void => {
    let listing: Listing;
    try {
      listing = readDir(absDir);
    } catch (err) {
      const code = errorCode(err);
      if (code === 'ENOENT' || code === 'ENOTDIR') return; // Vanished while we walked.
      if (dirExcluded && code === 'EACCES') return; // BuildKit skips unreadable excluded paths.
      throw unreadable(absDir, err);
    }
    // One verdict for every name here when no rule tests this depth (the names need not be looked at), as
    // tree-context does: no matchEntry call nor result object per file below the depths the rules name.
    const all = matchWithoutTesting(rules, parentInfo, depth);
    const { names } = listing;
    for (let at = 0; at < names.length; at++) {
      const name = names[at] as string;
      const rel = relDir === '' ? name : `${relDir}/${name}`;
      const { excluded, info } = all ?? matchEntry(rules, rel, parentInfo, depth);
      const kind = listing.kinds.get(name) ?? 'file';
      if (kind === 'file') {
        if (!excluded) addFile(relDir, name, rel);
        continue;
      }
      if (kind === 'other' || (excluded && kind === 'symlink')) continue; // Sockets, fifos, devices: not carried.
      if (excluded && canSkipExcludedDir(rules, rel)) continue; // Excluded, and no `!` rule reaches inside if it is a directory.
      const abs = `${absDir}/${name}`;
      const mode = modeOf(abs, stamp);
      if (mode === 0) continue; // Vanished while we walked.
      const type = mode & S_IFMT;
      if (type === S_IFDIR) {
        stringOrder &&= !followedByLowerSibling(name, names[at + 1]);
        if (excluded) {
          pending.push({ rel, mode: mode & 0o7777, emitted: false });
          visit(rel, abs, info, true, depth + 1);
          pending.pop();
          continue;
        }
        emitPending();
        slots.push(dirEntry(rel, mode & 0o7777));
        visit(rel, abs, info, false, depth + 1);
        continue;
      }
      if (excluded) continue;
      if (type === S_IFLNK) {
        emitPending();
        slots.push({ path: rel, type: 'symlink', mode: mode & 0o7777, size: 0, digest: '', linkTarget: readlinkSync(abs) });
      } else if (type === S_IFREG) {
        addFile(relDir, name, rel);
      }
    }
  };

  visit('', root, undefined, false);
  return { slots, files, stringOrder };
}

/**
 * Whether the sorted name after directory `dir` is `dir` and a character
 * below '/' ('-', '.', ...), as `src.ts` after `src`: then string order puts
 * it before what `src` holds (`src.ts` < `src/a`), where the walk puts it
 * after. Such a name sorts right after `dir` if there is one, so only the
 * next name is looked at; a tree where no directory has one is walked in
 * string order (two paths first differ inside a name, or one's folder is
 * the other).
 */
function followedByLowerSibling(dir: string, next: string | undefined): boolean {
  return next !== undefined && next.length > dir.length && next.charCodeAt(dir.length) < SLASH && next.startsWith(dir);
}

/**
 * Whether `p` is `dir/name` (`name` when dir is ''), compared piece by piece:
 * the joined path (a rope) is then never flattened, its characters copied,
 * for a file found at its hinted row; nothing else in an unchanged re-plan
 * reads it (the ignore rules test a deep path only if one can match it).
 */
function isPathIn(p: string | undefined, dir: string, name: string): boolean {
  if (p === undefined) return false;
  if (dir === '') return p === name;
  return p.length === dir.length + 1 + name.length && p.endsWith(name) && p.charCodeAt(dir.length) === SLASH && p.startsWith(dir);
}

const SLASH = 0x2f;

/** Directories (and symlinks) carry size 0, as in the tar headers builders hash. */
function dirEntry(rel: string, mode: number): ContextEntry {
  return { path: rel, type: 'dir', mode, size: 0, digest: '' };
}

const { S_IFMT, S_IFDIR, S_IFLNK, S_IFREG } = constants;

/** The lstat mode of a directory, symlink or untyped name; 0 when it vanished (no exception: throwing and catching one costs more than the lstat). */
function modeOf(abs: string, stamp: StampInto): number {
  try {
    threadStampReader(lstatSync)(abs, stamp);
    return stamp.mode;
  } catch (err) {
    throw unreadable(abs, err);
  }
}
