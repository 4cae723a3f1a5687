/**
 * The stat cache: per context root, path → (size, mtime, ctime, inode, mode,
 * digest), so an unchanged file is not read again. An optimisation, never a
 * record: a missing, corrupt or unreadable cache is silently rebuilt, and a
 * failed write is ignored.
 */
import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { XXHashAPI } from 'xxhash-wasm';
import { hex64 } from './hash.js';

/** What must be equal for a file to count as unchanged. */
export interface FileStamp {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly ino: number;
  readonly mode: number;
}

export interface CachedFile extends FileStamp {
  readonly digest: string;
}

type Row = [size: number, mtimeMs: number, ctimeMs: number, ino: number, mode: number, digest: string];

interface CacheFile {
  readonly version: 1;
  readonly root: string;
  readonly files: Record<string, Row>;
}

/**
 * Racy-git guard: a file whose mtime is this close to (or after) the moment
 * the cache was written may have changed again within the same timestamp tick
 * without its mtime moving, so its cached digest is not trusted. 2 s covers
 * the coarsest common timestamp granularity (FAT); the cost is re-reading
 * files edited in the 2 s before the previous run.
 */
export const RACY_WINDOW_MS = 2000;

export interface StatCache {
  /** The cached digest when the file is unchanged and its entry is not racy, else null. */
  lookup(rel: string, stamp: FileStamp): string | null;
  /** Number of files in the cache (if every current file hit and the counts agree, nothing changed). */
  readonly size: number;
}

export const EMPTY_CACHE: StatCache = { lookup: () => null, size: 0 };

/** The cache file for a context root: named by a hash of the absolute root path. */
export function statCachePath(dir: string, root: string, x: XXHashAPI): string {
  return path.join(dir, `context-${hex64(x.h64(root))}.json`);
}

export function readStatCache(file: string, root: string): StatCache {
  let parsed: unknown;
  let writtenMs: number;
  try {
    writtenMs = statSync(file).mtimeMs;
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return EMPTY_CACHE;
  }
  if (!isCacheFile(parsed) || parsed.root !== root) return EMPTY_CACHE;
  const files = parsed.files;
  const trustedBefore = writtenMs - RACY_WINDOW_MS;
  return {
    size: Object.keys(files).length,
    lookup(rel, s) {
      const row = Object.hasOwn(files, rel) ? files[rel] : undefined;
      if (!Array.isArray(row) || row.length !== 6) return null;
      const [size, mtimeMs, ctimeMs, ino, mode, digest] = row;
      const same = size === s.size && mtimeMs === s.mtimeMs && ctimeMs === s.ctimeMs && ino === s.ino && mode === s.mode;
      return same && mtimeMs < trustedBefore && ctimeMs < trustedBefore && typeof digest === 'string' ? digest : null;
    },
  };
}

function isCacheFile(v: unknown): v is CacheFile {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Partial<CacheFile>;
  return o.version === 1 && typeof o.root === 'string' && typeof o.files === 'object' && o.files !== null;
}

/**
 * Writes the cache atomically: a temp file in the same directory, then
 * rename, so a concurrent run reads either the old or the new file, never a
 * torn one. Errors are swallowed: the cache is only an optimisation.
 */
export function writeStatCache(file: string, root: string, entries: Iterable<readonly [string, CachedFile]>): void {
  const files: Record<string, Row> = {};
  for (const [rel, e] of entries) files[rel] = [e.size, e.mtimeMs, e.ctimeMs, e.ino, e.mode, e.digest];
  const body: CacheFile = { version: 1, root, files };
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(tmp, JSON.stringify(body));
    renameSync(tmp, file);
  } catch {
    try {
      unlinkSync(tmp);
    } catch {
      // Nothing was written, or it is already gone.
    }
  }
}
