/**
 * Hashes the kept files of a context, taking unchanged ones from the stat
 * cache. Few or small misses are hashed on this thread; many go to the
 * worker pool. I/O edge.
 */
import type { XXHashAPI } from 'xxhash-wasm';
import { CHUNK_BYTES, hashFileSync } from './hash.js';
import { hashInPool, poolSize } from './hash-pool.js';
import type { HashOutcome } from './hash-worker.js';
import type { FileStamp, StatCache } from './stat-cache.js';
import { unreadable } from './unreadable.js';

export interface FileJob {
  readonly rel: string;
  readonly abs: string;
  readonly stamp: FileStamp;
}

export interface HashedFiles {
  /** Per file (same order): its digest, or null when it vanished while we walked. */
  readonly digests: ReadonlyArray<string | null>;
  /** Files whose size changed between the lstat and the read: the size actually hashed. */
  readonly sizes: ReadonlyMap<string, number>;
  /** Files actually read (not taken from the cache). */
  readonly misses: number;
}

export interface Progress {
  readonly files: number;
  readonly bytes: number;
  readonly totalFiles: number;
  readonly totalBytes: number;
}

/** Below both thresholds, starting worker threads (~30 ms) costs more than it saves. */
const POOL_MIN_BYTES = 32 << 20;
const POOL_MIN_FILES = 2000;
/** Report progress at most this often (in bytes) so the callback never dominates. */
const PROGRESS_EVERY_BYTES = 16 << 20;

export async function hashFiles(x: XXHashAPI, files: readonly FileJob[], cache: StatCache, onProgress?: (p: Progress) => void): Promise<HashedFiles> {
  const totalFiles = files.length;
  const totalBytes = files.reduce((n, f) => n + f.stamp.size, 0);
  let done = 0;
  let bytes = 0;
  let reported = -1;
  const advance = (n: number, b: number): void => {
    done += n;
    bytes += b;
    if (onProgress && (bytes - reported >= PROGRESS_EVERY_BYTES || done === totalFiles)) {
      reported = bytes;
      onProgress({ files: done, bytes, totalFiles, totalBytes });
    }
  };

  // Digest per file, in walk order; null until hashed.
  const found: Array<string | null> = files.map((f) => cache.lookup(f.rel, f.stamp));
  const missIndex: number[] = [];
  let hitBytes = 0;
  found.forEach((digest, i) => {
    if (digest === null) missIndex.push(i);
    else hitBytes += (files[i] as FileJob).stamp.size;
  });
  advance(files.length - missIndex.length, hitBytes);

  const misses = missIndex.map((i) => files[i] as FileJob);
  const outcomes = await hashMisses(x, misses, advance);
  const sizes = new Map<string, number>();
  misses.forEach((file, k) => {
    const outcome = outcomes[k] as HashOutcome;
    if (typeof outcome !== 'string') {
      found[missIndex[k] as number] = outcome[0];
      if (outcome[1] !== file.stamp.size) sizes.set(file.rel, outcome[1]); // Grew or shrank since the lstat.
    } else if (outcome !== 'ENOENT') throw unreadable(file.abs, Object.assign(new Error(outcome), { code: outcome })); // ENOENT: deleted while we walked.
  });
  if (totalFiles === 0) onProgress?.({ files: 0, bytes: 0, totalFiles, totalBytes });
  return { digests: found, sizes, misses: misses.length };
}

async function hashMisses(x: XXHashAPI, misses: readonly FileJob[], advance: (files: number, bytes: number) => void): Promise<HashOutcome[]> {
  const bytes = misses.reduce((n, f) => n + f.stamp.size, 0);
  if (poolSize() > 1 && (bytes >= POOL_MIN_BYTES || misses.length >= POOL_MIN_FILES)) {
    return hashInPool(misses.map((f) => ({ abs: f.abs, size: f.stamp.size })), advance);
  }
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  return misses.map((file): HashOutcome => {
    try {
      const { digest, size } = hashFileSync(x, file.abs, buffer);
      advance(1, file.stamp.size);
      return [digest, size];
    } catch (err) {
      return (err as NodeJS.ErrnoException).code ?? String(err);
    }
  });
}
