/**
 * loadContext: the build context as the builder would receive it. Walks the
 * directory once (never following symlinks, never leaving the root), applies
 * the ignore file the builder would pick, and hashes every kept file, reusing
 * digests from the stat cache for files whose metadata did not change.
 */
import { readdirSync, lstatSync, readlinkSync, realpathSync, type Dirent, type Stats } from 'node:fs';
import { NotRegularFile, readRegularFile } from './read-regular.js';
import path from 'node:path';
import { IgnoreFileError, IgnoreFileNotRegular, unreadable } from './errors.js';
import { canSkipExcludedDir, ignoreFileCandidates, IgnoreSyntaxError, type IgnoreCandidate, matchEntry, NO_RULES, parseIgnoreFile, type IgnoreRules, type MatchInfo } from '../ignore/dockerignore.js';
import { hex64, xxhashApi } from './hash.js';
import { Settled, type FileTable } from './hash-files.js';
import { ContextFiles } from './hash-pool.js';
import { DIGEST_CHARS, EMPTY_CACHE, readStatCache, STAMP_FIELDS, statCachePath, writeStatCache, type CacheColumns } from './stat-cache.js';
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
  const root = path.resolve(opts.root);
  const cacheFile = opts.statCacheDir === null ? null : statCachePath(opts.statCacheDir, root, x);
  const cache = cacheFile === null ? EMPTY_CACHE : readStatCache(cacheFile, root);
  const ignore = readIgnore(root, opts.dockerfile, opts.builder);
  const settling = new ContextFiles(root, { cache, onProgress: opts.onProgress });
  const { entries, fileCount } = walkContext(root, ignore.rules, (rel) => settling.add(rel));
  const { tables, failures } = await settling.finish();
  const first = failures[0];
  if (first !== undefined) throw unreadable(`${root}/${relOf(tables, first[0])}`, Object.assign(new Error(first[1]), { code: first[1] }));
  const { present, read } = fillFileEntries(tables, entries);
  // Rewrite the cache only when something was read or disappeared (or it has no generation yet): a warm run writes nothing.
  const same = !read && present.length === fileCount && cache.size === fileCount && cache.generation !== null;
  const generation = cacheFile === null ? null : same ? cache.generation : writeStatCache(cacheFile, root, columnsOf(tables, present));
  const identity = generation === null ? null : `${generation}:${hex64(x.h64(shapeText(entries, ignore)))}`;
  return { root, entries, ignoreFile: ignore.display, ...(identity === null ? {} : { identity }) };
}

/**
 * What a snapshot holds besides its files: the ignore file (name and text)
 * and every directory and symlink with its mode and target. With the stat
 * cache's generation it makes the snapshot's identity: when every file was
 * fresh in a cache of the same paths (nothing read, gone or added), the
 * files are that generation's, so equal identities mean equal entries.
 */
function shapeText(entries: ReadonlyMap<string, ContextEntry>, ignore: LoadedIgnore): string {
  const lines = [`${ignore.display ?? ''}\0${ignore.text ?? ''}`];
  for (const e of entries.values()) if (e.type !== 'file') lines.push(`${e.path}\0${e.type}\0${e.mode}\0${e.linkTarget ?? ''}`);
  return lines.join('\n');
}

/** The path of the context's file number `index`, from the table holding it. */
function relOf(tables: readonly FileTable[], index: number): string {
  const t = tables.find((u) => index >= u.first && index < u.first + u.rels.length);
  return t?.rels[index - t.first] ?? '';
}

/**
 * Puts each file's entry, made from its table's mode, size and digest, in
 * the place the walk kept for it, and drops the files that vanished. Returns
 * the indexes of the present ones, and whether any file was read (not taken
 * from the cache). The entries are made here, whole, rather than by the walk
 * and filled in: storing a size from the table into an entry made with size
 * 0 changed the field's representation and cost V8 a migration per entry
 * (~30 ms for 20,000 files).
 */
function fillFileEntries(tables: readonly FileTable[], entries: Map<string, ContextEntry>): { present: number[]; read: boolean } {
  const present: number[] = [];
  let read = false;
  for (const t of tables) {
    const digests = t.digests.toString('latin1');
    const { rels, stamps, states } = t;
    for (let i = 0; i < rels.length; i++) {
      const rel = rels[i] as string;
      const state = states[i];
      if (state === Settled.Gone) {
        entries.delete(rel); // Vanished (or became something else) while we walked.
        continue;
      }
      read ||= state === Settled.Read;
      const at = i * STAMP_FIELDS;
      const mode = (stamps[at + 4] ?? 0) & 0o7777;
      entries.set(rel, { path: rel, type: 'file', mode, size: stamps[at] ?? 0, digest: digests.slice(i * DIGEST_CHARS, (i + 1) * DIGEST_CHARS) });
      present.push(t.first + i);
    }
  }
  return { present, read };
}

/** The cache columns of the present files, from their tables. */
function columnsOf(tables: readonly FileTable[], present: readonly number[]): CacheColumns {
  const stamps = new Float64Array(present.length * STAMP_FIELDS);
  const digests = Buffer.allocUnsafe(present.length * DIGEST_CHARS);
  const rels: string[] = [];
  let k = 0;
  for (const t of tables) {
    for (; k < present.length; k++) {
      const i = (present[k] ?? 0) - t.first;
      if (i >= t.rels.length) break;
      stamps.set(t.stamps.subarray(i * STAMP_FIELDS, (i + 1) * STAMP_FIELDS), k * STAMP_FIELDS);
      t.digests.copy(digests, k * DIGEST_CHARS, i * DIGEST_CHARS, (i + 1) * DIGEST_CHARS);
      rels.push(t.rels[i] ?? '');
    }
  }
  return { rels, stamps, digests };
}

// --- ignore file -------------------------------------------------------------

interface LoadedIgnore {
  readonly rules: IgnoreRules;
  /** Relative to the root when inside it, else absolute (as ContextSnapshot.ignoreFile). */
  readonly display: string | null;
  readonly text: string | null;
}

function readIgnore(root: string, dockerfile: string, builder: Builder): LoadedIgnore {
  for (const candidate of ignoreFileCandidates(root, path.resolve(dockerfile), builder)) {
    const text = readIgnoreText(root, candidate);
    if (text === null) continue;
    const display = candidate.inContext ? path.basename(candidate.file) : candidate.file;
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

function insideRoot(root: string, file: string): boolean {
  const real = realpathSync(file);
  const realRoot = realpathSync(root);
  return real.startsWith(realRoot + path.sep);
}

// --- walk --------------------------------------------------------------------

/** What a kept file's place in the entries holds until its table has settled it (fillFileEntries puts its entry there). */
const UNSETTLED: ContextEntry = Object.freeze({ path: '', type: 'file', mode: 0, size: 0, digest: '' });

interface WalkResult {
  /** Every kept entry in walk order; a file's is UNSETTLED, replaced (in place: a Map keeps a key's order) from the file table. */
  readonly entries: Map<string, ContextEntry>;
  /** How many regular files the walk kept. */
  readonly fileCount: number;
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
function walkContext(root: string, rules: IgnoreRules, onFile: (rel: string) => void): WalkResult {
  const entries = new Map<string, ContextEntry>();
  let fileCount = 0;
  const pending: PendingDir[] = [];

  const emitPending = (): void => {
    for (const dir of pending) {
      if (dir.emitted) continue;
      dir.emitted = true;
      entries.set(dir.rel, dirEntry(dir.rel, dir.mode));
    }
  };

  const addFile = (rel: string): void => {
    emitPending();
    entries.set(rel, UNSETTLED);
    fileCount++;
    onFile(rel);
  };

  const visit = (relDir: string, absDir: string, parentInfo: MatchInfo | undefined, dirExcluded: boolean): void => {
    let listing: Listing;
    try {
      listing = sortedListing(readdirSync(absDir, { withFileTypes: true }));
    } catch (err) {
      const code = errorCode(err);
      if (code === 'ENOENT' || code === 'ENOTDIR') return; // Vanished while we walked.
      if (dirExcluded && code === 'EACCES') return; // BuildKit skips unreadable excluded paths.
      throw unreadable(absDir, err);
    }
    for (const name of listing.names) {
      const rel = relDir === '' ? name : `${relDir}/${name}`;
      const { excluded, info } = matchEntry(rules, rel, parentInfo);
      const kind = listing.kinds.get(name) ?? 'file';
      if (kind === 'file') {
        if (!excluded) addFile(rel);
        continue;
      }
      if (kind === 'other' || (excluded && kind === 'symlink')) continue; // Sockets, fifos, devices: not carried.
      if (excluded && canSkipExcludedDir(rules, rel)) continue; // Excluded, and no `!` rule reaches inside if it is a directory.
      const abs = `${absDir}/${name}`;
      const st = lstatOrNull(abs);
      if (st === undefined) continue;
      if (st.isDirectory()) {
        if (excluded) {
          pending.push({ rel, mode: st.mode & 0o7777, emitted: false });
          visit(rel, abs, info, true);
          pending.pop();
          continue;
        }
        emitPending();
        entries.set(rel, dirEntry(rel, st.mode & 0o7777));
        visit(rel, abs, info, false);
        continue;
      }
      if (excluded) continue;
      if (st.isSymbolicLink()) {
        emitPending();
        entries.set(rel, { path: rel, type: 'symlink', mode: st.mode & 0o7777, size: 0, digest: '', linkTarget: readlinkSync(abs) });
      } else if (st.isFile()) {
        addFile(rel);
      }
    }
  };

  visit('', root, undefined, false);
  return { entries, fileCount };
}

/** What readdir said a name is: a regular file, a directory, a symlink, unknown (lstat it), or something never carried. */
type NameKind = 'file' | 'dir' | 'symlink' | 'unknown' | 'other';

interface Listing {
  /** Sorted in UTF-16 code-unit order, as `<` compares (Go's byte order for the ASCII names of nearly every context). */
  readonly names: string[];
  /** The kind of each name that is not a regular file (most are, so they need no map entry). */
  readonly kinds: Map<string, NameKind>;
}

/** Names sorted without a comparator (a comparator over 20,000 Dirents cost ~10 ms), kinds aside. */
function sortedListing(dirents: readonly Dirent[]): Listing {
  const names: string[] = [];
  const kinds = new Map<string, NameKind>();
  for (const d of dirents) {
    names.push(d.name);
    if (!d.isFile()) kinds.set(d.name, kindOf(d));
  }
  names.sort();
  return { names, kinds };
}

function kindOf(d: Dirent): NameKind {
  if (d.isDirectory()) return 'dir';
  if (d.isSymbolicLink()) return 'symlink';
  if (d.isFIFO() || d.isSocket() || d.isCharacterDevice() || d.isBlockDevice()) return 'other';
  return 'unknown'; // DT_UNKNOWN: a filesystem that does not fill in d_type.
}

/** Directories (and symlinks) carry size 0, as in the tar headers builders hash. */
function dirEntry(rel: string, mode: number): ContextEntry {
  return { path: rel, type: 'dir', mode, size: 0, digest: '' };
}

/** No exception for a path that vanished: throwing and catching one costs more than the lstat. */
function lstatOrNull(abs: string): Stats | undefined {
  try {
    return lstatSync(abs, { throwIfNoEntry: false });
  } catch (err) {
    throw unreadable(abs, err);
  }
}
