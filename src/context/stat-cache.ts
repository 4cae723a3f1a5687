/**
 * The stat cache: per context root, path → (size, mtime, ctime, inode, mode,
 * digest), so an unchanged file is not read again. An optimisation, never a
 * record: a missing, corrupt or unreadable cache is silently rebuilt, and a
 * failed write is ignored.
 *
 * On disk, in columns rather than one JSON object per file (for 20,000 files
 * reading takes ~3 ms instead of ~20 ms, writing ~4 ms instead of ~12 ms, and
 * a lookup needs no per-file object):
 *
 *   a JSON header line     {"version":2,"root":"/abs/root","files":N,"generation":"<unique>"}\n
 *   N × 5 float64 (LE)     size, mtimeMs, ctimeMs, ino, mode of each file
 *   N × 16 bytes           each file's hex digest
 *   the paths              UTF-8, each followed by \0, in walk order
 *
 * The generation is unique, new at every write: two reads that see the same
 * one read the same rows (a snapshot whose every file is fresh in a cache of
 * the same paths is that generation's files; see loadContext's identity).
 *
 * The walk keeps the same columns in shared memory (see file-table.ts), so a
 * cache is written from them without a per-file object, and each of the
 * walk's threads decodes its own copy of the file to look rows up.
 */
import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

/** The stamp fields in their column order, one float64 each. */
export const STAMP_FIELDS = 5;
export const DIGEST_CHARS = 16;
const VERSION = 2;

/**
 * Racy-git guard: a file whose mtime is this close to (or after) the moment
 * the cache was written may have changed again within the same timestamp tick
 * without its mtime moving, so its cached digest is not trusted. 2 s covers
 * the coarsest common timestamp granularity (FAT); the cost is re-reading
 * files edited in the 2 s before the previous run.
 */
export const RACY_WINDOW_MS = 2000;

/** The rows of a cache, without their paths: what a worker thread needs once the main thread has found each file's row. */
export interface CacheRows {
  /** Whether the row's stamp equals `s` and the row is old enough to trust (not racy). */
  fresh(row: number, s: FileStamp): boolean;
  /** Copies the row's hex digest (DIGEST_CHARS ASCII bytes) into `into` at byte `at`. */
  copyDigest(row: number, into: Uint8Array, at: number): void;
}

/** CacheRows in shared memory, as posted to a worker. */
export interface SharedCacheRows {
  readonly stamps: SharedArrayBuffer;
  readonly digests: SharedArrayBuffer;
  /** Rows whose mtime or ctime is not before this are racy. */
  readonly trustedBefore: number;
}

export interface StatCache extends CacheRows {
  /** Number of files in the cache (if every current file hit and the counts agree, nothing changed). */
  readonly size: number;
  /** The write this cache is (new at every write); null for no cache, or one written before generations. */
  readonly generation: string | null;
  /** The row holding `rel`, or -1; `hint` is where it probably is (the walk asks in the order the cache was written). */
  rowOf(rel: string, hint: number): number;
  /** The cached digest when the file is unchanged and its entry is not racy, else null (rowOf + fresh, for one file). */
  lookup(rel: string, stamp: FileStamp): string | null;
  readonly shared: SharedCacheRows;
  /** Each row's path, in row order. */
  readonly paths: readonly string[];
  /** The paths as written, each followed by \0 (one string posts to a thread far faster than an array). */
  readonly pathText: string;
}

const NO_ROWS: SharedCacheRows = { stamps: new SharedArrayBuffer(0), digests: new SharedArrayBuffer(0), trustedBefore: -Infinity };

export const EMPTY_CACHE: StatCache = { size: 0, generation: null, rowOf: () => -1, fresh: () => false, copyDigest: () => undefined, lookup: () => null, shared: NO_ROWS, paths: [], pathText: '' };

/** The cache file for a context root: named by a hash of the absolute root path. */
export function statCachePath(dir: string, root: string, x: XXHashAPI): string {
  return join(dir, `context-${hex64(x.h64(root))}.bin`);
}

/** The cache of one context root, or EMPTY_CACHE when there is none (or it is unusable). */
export function readStatCache(file: string, root: string): StatCache {
  try {
    const writtenMs = statSync(file).mtimeMs;
    return decode(readFileSync(file), root, writtenMs - RACY_WINDOW_MS) ?? EMPTY_CACHE;
  } catch {
    return EMPTY_CACHE;
  }
}

function decode(data: Buffer, root: string, trustedBefore: number): StatCache | null {
  const eol = data.indexOf(0x0a);
  if (eol < 0) return null;
  const header = JSON.parse(data.toString('utf8', 0, eol)) as { version?: unknown; root?: unknown; files?: unknown; generation?: unknown };
  const n = header.files;
  if (header.version !== VERSION || header.root !== root || typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) return null;
  const stampsAt = eol + 1;
  const digestsAt = stampsAt + n * STAMP_FIELDS * 8;
  const pathsAt = digestsAt + n * DIGEST_CHARS;
  if (data.length < pathsAt) return null;
  const pathText = data.toString('utf8', pathsAt);
  const paths = pathText.split('\0');
  if (paths.pop() !== '' || paths.length !== n) return null;
  // Copied into shared memory (a Float64Array also needs an 8-byte aligned offset, which the header's length does not give),
  // by the typed array's own set: Buffer's copy is JS that each run compiled first (~0.3M instructions).
  const shared: SharedCacheRows = { stamps: new SharedArrayBuffer(n * STAMP_FIELDS * 8), digests: new SharedArrayBuffer(n * DIGEST_CHARS), trustedBefore };
  new Uint8Array(shared.stamps).set(data.subarray(stampsAt, digestsAt));
  new Uint8Array(shared.digests).set(data.subarray(digestsAt, pathsAt));
  const rows = sharedRows(shared);

  let next = 0;
  let byPath: Map<string, number> | null = null;
  const rowOf = (rel: string, hint: number): number => {
    if (paths[hint] === rel) return hint;
    byPath ??= new Map(paths.map((p, i) => [p, i]));
    return byPath.get(rel) ?? -1;
  };
  const digests = Buffer.from(shared.digests);
  return {
    size: n,
    generation: typeof header.generation === 'string' ? header.generation : null,
    rowOf,
    ...rows,
    lookup(rel, s) {
      const row = rowOf(rel, next);
      if (row < 0) return null;
      next = row + 1;
      return rows.fresh(row, s) ? digests.toString('latin1', row * DIGEST_CHARS, (row + 1) * DIGEST_CHARS) : null;
    },
    shared,
    paths,
    pathText,
  };
}

/**
 * Whether the stamp at `at` in `stamps` equals `s` and is old enough to trust
 * (not racy). Self-contained (only its parameters): a worker runs it from its
 * source text (fresh-rows.ts).
 */
export function freshStamp(stamps: Float64Array, at: number, s: FileStamp, trustedBefore: number): boolean {
  const same = stamps[at] === s.size && stamps[at + 1] === s.mtimeMs && stamps[at + 2] === s.ctimeMs && stamps[at + 3] === s.ino && stamps[at + 4] === s.mode;
  return same && s.mtimeMs < trustedBefore && s.ctimeMs < trustedBefore;
}

/** A thread's view of rows in shared memory. */
export function sharedRows(shared: SharedCacheRows): CacheRows {
  const stamps = new Float64Array(shared.stamps);
  const digests = new Uint8Array(shared.digests);
  const { trustedBefore } = shared;
  return {
    fresh: (row, s) => freshStamp(stamps, row * STAMP_FIELDS, s, trustedBefore),
    copyDigest(row, into, at) {
      // Byte by byte: a subarray view per file was most of a re-plan's time in this function.
      const from = row * DIGEST_CHARS;
      for (let k = 0; k < DIGEST_CHARS; k++) into[at + k] = digests[from + k] as number;
    },
  };
}

/** What a cache is written from: the files' paths with their stamps and digests in columns (STAMP_FIELDS float64 and DIGEST_CHARS bytes per file). */
export interface CacheColumns {
  readonly rels: readonly string[];
  /** The same paths, each followed by \0, where they are at hand already joined. */
  readonly pathText?: string;
  readonly stamps: Float64Array;
  readonly digests: Uint8Array;
}

function encode(root: string, c: CacheColumns, generation: string): Buffer {
  const n = c.rels.length;
  return Buffer.concat([
    Buffer.from(`${JSON.stringify({ version: VERSION, root, files: n, generation })}\n`),
    new Uint8Array(c.stamps.buffer, c.stamps.byteOffset, n * STAMP_FIELDS * 8),
    new Uint8Array(c.digests.buffer, c.digests.byteOffset, n * DIGEST_CHARS),
    Buffer.from(c.pathText ?? (n === 0 ? '' : `${c.rels.join('\0')}\0`)), // One join: no string per path.
  ]);
}

/**
 * Writes the cache atomically: a temp file in the same directory, then
 * rename, so a concurrent run reads either the old or the new file, never a
 * torn one. Errors are swallowed: the cache is only an optimisation.
 * Returns the generation written, or null when nothing was.
 */
export function writeStatCache(file: string, root: string, columns: CacheColumns): string | null {
  // Unique, not secret: the time, this process and a random part (node:crypto would cost every command its load).
  const generation = `${Date.now().toString(36)}.${process.pid.toString(36)}.${Math.random().toString(36).slice(2)}`;
  const body = encode(root, columns, generation);
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(tmp, body);
    renameSync(tmp, file);
  } catch {
    try {
      unlinkSync(tmp);
    } catch {
      // Nothing was written, or it is already gone.
    }
    return null;
  }
  try {
    unlinkSync(file.replace(/\.bin$/, '.json')); // The version-1 cache of the same root, if a run from before the format change left one.
  } catch {
    // Usually there is none.
  }
  return generation;
}
