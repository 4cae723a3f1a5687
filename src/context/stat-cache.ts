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
 *   a JSON header line     {"version":2,"root":"/abs/root","files":N}\n
 *   N × 5 float64 (LE)     size, mtimeMs, ctimeMs, ino, mode of each file
 *   N × 16 bytes           each file's hex digest
 *   the paths              UTF-8, each followed by \0, in walk order
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

export interface CachedFile {
  readonly rel: string;
  readonly stamp: FileStamp;
  readonly digest: string;
}

const VERSION = 2;
const STAMP_FIELDS = 5;
const DIGEST_CHARS = 16;

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
  return path.join(dir, `context-${hex64(x.h64(root))}.bin`);
}

/**
 * The cache of one context root, read on its first use: a context with no
 * kept file (or a plan that fails before hashing) never opens it.
 */
export function readStatCache(file: string, root: string): StatCache {
  let loaded: StatCache | null = null;
  const cache = (): StatCache => (loaded ??= readNow(file, root));
  return {
    lookup: (rel, stamp) => cache().lookup(rel, stamp),
    get size() {
      return cache().size;
    },
  };
}

function readNow(file: string, root: string): StatCache {
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
  const header = JSON.parse(data.toString('utf8', 0, eol)) as { version?: unknown; root?: unknown; files?: unknown };
  const n = header.files;
  if (header.version !== VERSION || header.root !== root || typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) return null;
  const stampsAt = eol + 1;
  const digestsAt = stampsAt + n * STAMP_FIELDS * 8;
  const pathsAt = digestsAt + n * DIGEST_CHARS;
  if (data.length < pathsAt) return null;
  // Copied out: a Float64Array needs an 8-byte aligned offset, which the header's length does not give.
  const stamps = new Float64Array(n * STAMP_FIELDS);
  data.copy(new Uint8Array(stamps.buffer), 0, stampsAt, digestsAt);
  const digests = data.toString('latin1', digestsAt, pathsAt);
  const paths = data.toString('utf8', pathsAt).split('\0');
  if (paths.pop() !== '' || paths.length !== n) return null;

  let next = 0;
  let byPath: Map<string, number> | null = null;
  const rowOf = (rel: string): number => {
    // The walk asks in the order the cache was written, so the answer is nearly always the next row.
    if (paths[next] === rel) return next;
    byPath ??= new Map(paths.map((p, i) => [p, i]));
    return byPath.get(rel) ?? -1;
  };
  return {
    size: n,
    lookup(rel, s) {
      const row = rowOf(rel);
      if (row < 0) return null;
      next = row + 1;
      const at = row * STAMP_FIELDS;
      const same = stamps[at] === s.size && stamps[at + 1] === s.mtimeMs && stamps[at + 2] === s.ctimeMs && stamps[at + 3] === s.ino && stamps[at + 4] === s.mode;
      const racy = s.mtimeMs >= trustedBefore || s.ctimeMs >= trustedBefore;
      return same && !racy ? digests.slice(row * DIGEST_CHARS, (row + 1) * DIGEST_CHARS) : null;
    },
  };
}

function encode(root: string, files: readonly CachedFile[]): Buffer | null {
  const stamps = new Float64Array(files.length * STAMP_FIELDS);
  files.forEach(({ stamp }, i) => {
    const at = i * STAMP_FIELDS;
    stamps[at] = stamp.size;
    stamps[at + 1] = stamp.mtimeMs;
    stamps[at + 2] = stamp.ctimeMs;
    stamps[at + 3] = stamp.ino;
    stamps[at + 4] = stamp.mode;
  });
  if (files.some((f) => f.digest.length !== DIGEST_CHARS)) return null; // Not an XXH64 hex digest: nothing sensible to store.
  return Buffer.concat([
    Buffer.from(`${JSON.stringify({ version: VERSION, root, files: files.length })}\n`),
    new Uint8Array(stamps.buffer),
    Buffer.from(files.map((f) => f.digest).join(''), 'latin1'),
    Buffer.from(files.map((f) => `${f.rel}\0`).join('')),
  ]);
}

/**
 * Writes the cache atomically: a temp file in the same directory, then
 * rename, so a concurrent run reads either the old or the new file, never a
 * torn one. Errors are swallowed: the cache is only an optimisation.
 */
export function writeStatCache(file: string, root: string, files: readonly CachedFile[]): void {
  const body = encode(root, files);
  if (body === null) return;
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(tmp, body);
    renameSync(tmp, file);
  } catch {
    try {
      unlinkSync(tmp);
    } catch {
      // Nothing was written, or it is already gone.
    }
    return;
  }
  try {
    unlinkSync(file.replace(/\.bin$/, '.json')); // The version-1 cache of the same root, if a run from before the format change left one.
  } catch {
    // Usually there is none.
  }
}
