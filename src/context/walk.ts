/**
 * loadContext: the build context as the builder would receive it. Walks the
 * directory once (never following symlinks, never leaving the root), applies
 * the ignore file the builder would pick, and hashes every kept file, reusing
 * digests from the stat cache for files whose metadata did not change.
 */
import { readdirSync, lstatSync, readlinkSync, realpathSync, type Stats } from 'node:fs';
import { NotRegularFile, readRegularFile } from './read-regular.js';
import path from 'node:path';
import { IgnoreFileError, IgnoreFileNotRegular, unreadable } from './errors.js';
import { canSkipExcludedDir, ignoreFileCandidates, IgnoreSyntaxError, type IgnoreCandidate, matchEntry, NO_RULES, parseIgnoreFile, type IgnoreRules, type MatchInfo } from '../ignore/dockerignore.js';
import { xxhashApi } from './hash.js';
import { ContextHasher, type FileJob } from './hash-files.js';
import { EMPTY_CACHE, readStatCache, statCachePath, writeStatCache, type CachedFile } from './stat-cache.js';
import type { Builder } from '../key/types.js';
import type { ContextEntry, ContextSnapshot } from './types.js';
import { errorCode } from '../lang/error-code.js';

export type { Builder };

export interface ContextProgress {
  readonly files: number;
  readonly bytes: number;
  readonly totalFiles: number;
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
  const ignore = readIgnore(root, opts.dockerfile, opts.builder);
  const cacheFile = opts.statCacheDir === null ? null : statCachePath(opts.statCacheDir, root, x);
  const cache = cacheFile === null ? EMPTY_CACHE : readStatCache(cacheFile, root);
  const hasher = new ContextHasher(x, cache, opts.onProgress);
  const { entries, files } = walkContext(root, ignore.rules, (file) => hasher.add(file));
  const hashed = await hasher.finish();
  const present = files.filter((file, i) => {
    const digest = hashed.digests[i];
    if (digest === null || digest === undefined) {
      entries.delete(file.rel); // Vanished while we walked.
      return false;
    }
    file.entry.size = hashed.sizes.get(file.rel) ?? file.entry.size;
    file.entry.digest = digest;
    return true;
  });
  // Rewrite the cache only when something was read or disappeared: a warm run writes nothing.
  if (cacheFile !== null && (hashed.misses > 0 || cache.size !== present.length)) {
    // The size hashed, should the file have changed between the lstat and the read (its mtime then fails the next lookup anyway).
    const cached = present.map((f): CachedFile => ({ rel: f.rel, stamp: { size: f.entry.size, mtimeMs: f.mtimeMs, ctimeMs: f.ctimeMs, ino: f.ino, mode: f.mode }, digest: f.entry.digest }));
    writeStatCache(cacheFile, root, cached);
  }
  return { root, entries, ignoreFile: ignore.display };
}

// --- ignore file -------------------------------------------------------------

interface LoadedIgnore {
  readonly rules: IgnoreRules;
  /** Relative to the root when inside it, else absolute (as ContextSnapshot.ignoreFile). */
  readonly display: string | null;
}

function readIgnore(root: string, dockerfile: string, builder: Builder): LoadedIgnore {
  for (const candidate of ignoreFileCandidates(root, path.resolve(dockerfile), builder)) {
    const text = readIgnoreText(root, candidate);
    if (text === null) continue;
    const display = candidate.inContext ? path.basename(candidate.file) : candidate.file;
    try {
      return { rules: parseIgnoreFile(text, builder), display };
    } catch (err) {
      if (!(err instanceof IgnoreSyntaxError)) throw err;
      throw new IgnoreFileError(candidate.file, err);
    }
  }
  return { rules: NO_RULES, display: null };
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

/** A file entry still being built: the walk creates it, hashing fills in the digest (one object per entry). */
type FileEntry = { -readonly [K in keyof ContextEntry]: ContextEntry[K] };

/** A kept file: what to hash, the stamp its lstat gave, and the entry its digest goes into. */
type WalkedFile = FileJob & { readonly entry: FileEntry };

interface WalkResult {
  /** Every kept entry in walk order; file digests are filled in after hashing. */
  readonly entries: Map<string, ContextEntry>;
  readonly files: WalkedFile[];
}

/** An excluded directory being walked because a `!` rule may keep something inside; emitted only if it does. */
interface PendingDir {
  readonly rel: string;
  readonly mode: number;
  emitted: boolean;
}

/**
 * Depth-first, names sorted (as Go's WalkDir), one readdir per directory and
 * one lstat per entry that can be kept, all sync: on a warm page cache a sync
 * syscall costs a few microseconds where a promise round trip costs several
 * times more. Plain names rather than Dirents: the lstat every kept entry
 * needs anyway tells the type, and 20,000 Dirents were ~10 ms of allocation
 * and sorting with a comparator.
 */
function walkContext(root: string, rules: IgnoreRules, onFile: (file: FileJob) => void): WalkResult {
  const entries = new Map<string, ContextEntry>();
  const files: WalkedFile[] = [];
  const pending: PendingDir[] = [];

  const emitPending = (): void => {
    for (const dir of pending) {
      if (dir.emitted) continue;
      dir.emitted = true;
      entries.set(dir.rel, dirEntry(dir.rel, dir.mode));
    }
  };

  const visit = (relDir: string, absDir: string, parentInfo: MatchInfo | undefined, dirExcluded: boolean): void => {
    let names: string[];
    try {
      names = readdirSync(absDir);
    } catch (err) {
      const code = errorCode(err);
      if (code === 'ENOENT' || code === 'ENOTDIR') return; // Vanished while we walked.
      if (dirExcluded && code === 'EACCES') return; // BuildKit skips unreadable excluded paths.
      throw unreadable(absDir, err);
    }
    names.sort(); // UTF-16 code-unit order, as `<` compares.
    for (const name of names) {
      const rel = relDir === '' ? name : `${relDir}/${name}`;
      const abs = `${absDir}/${name}`;
      const { excluded, info } = matchEntry(rules, rel, parentInfo);
      if (excluded && canSkipExcludedDir(rules, rel)) continue; // Excluded, and no `!` rule reaches inside if it is a directory.
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
        emitPending();
        const entry: FileEntry = { path: rel, type: 'file', mode: st.mode & 0o7777, size: st.size, digest: '' };
        entries.set(rel, entry);
        const file: WalkedFile = { rel, abs, entry, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, mode: st.mode };
        files.push(file);
        onFile(file);
      } // Sockets, fifos, devices: not carried.
    }
  };

  visit('', root, undefined, false);
  return { entries, files };
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
