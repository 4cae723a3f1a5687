/**
 * Hashes the kept files of a context, taking unchanged ones from the stat
 * cache. Few or small misses are hashed on this thread; many go to the
 * worker pool. I/O edge.
 */
import type { XXHashAPI } from 'xxhash-wasm';
import { CHUNK_BYTES, hashFileSync } from './hash.js';
import { hashInPool, poolSize } from './hash-pool.js';
import type { HashOutcome } from './hash-worker.js';
import type { CachedFile, FileStamp, StatCache } from './stat-cache.js';
import { unreadable } from './unreadable.js';

export interface FileJob {
  readonly rel: string;
  readonly abs: string;
  readonly stamp: FileStamp;
}

export interface HashedFiles {
  /** rel → stamp + digest, for every file still present. */
  readonly digests: Map<string, CachedFile>;
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

  const digests = new Map<string, CachedFile>();
  const misses: FileJob[] = [];
  let hitBytes = 0;
  for (const file of files) {
    const cached = cache.lookup(file.rel, file.stamp);
    if (cached === null) misses.push(file);
    else {
      digests.set(file.rel, { ...file.stamp, digest: cached });
      hitBytes += file.stamp.size;
    }
  }
  advance(files.length - misses.length, hitBytes);

  const outcomes = await hashMisses(x, misses, advance);
  misses.forEach((file, i) => {
    const outcome = outcomes[i] as HashOutcome;
    if (typeof outcome !== 'string') digests.set(file.rel, { ...file.stamp, digest: outcome[0], size: outcome[1] });
    else if (outcome !== 'ENOENT') throw unreadable(file.abs, Object.assign(new Error(outcome), { code: outcome })); // ENOENT: deleted while we walked.
  });
  if (totalFiles === 0) onProgress?.({ files: 0, bytes: 0, totalFiles, totalBytes });
  // Sorted back into walk order, so the cache and the snapshot list files the same way every run.
  return { digests: new Map(files.flatMap((f) => (digests.has(f.rel) ? [[f.rel, digests.get(f.rel) as CachedFile]] : []))), misses: misses.length };
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
