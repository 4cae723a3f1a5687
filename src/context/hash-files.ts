/**
 * Hashes the kept files of a context as the walk finds them, taking
 * unchanged ones from the stat cache. Misses are hashed on this thread while
 * they are few and small; past a threshold a worker pool starts and takes
 * batches while the walk goes on. I/O edge.
 */
import type { XXHashAPI } from 'xxhash-wasm';
import { CHUNK_BYTES, hashFileSync } from './hash.js';
import { HashPool, poolSize } from './hash-pool.js';
import type { HashOutcome } from './hash-worker.js';
import type { FileStamp, StatCache } from './stat-cache.js';
import { unreadable } from './unreadable.js';

/** A file to hash, with the stamp its lstat gave (one object per file, no separate stamp). */
export interface FileJob extends FileStamp {
  readonly rel: string;
  readonly abs: string;
}

export interface HashedFiles {
  /** Per file (in the order added): its digest, or null when it vanished while we walked. */
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
/** A batch for the pool ends after this many files or bytes. */
const BATCH_FILES = 128;
const BATCH_BYTES = 16 << 20;
/** Report progress at most this often (in bytes) so the callback never dominates. */
const PROGRESS_EVERY_BYTES = 16 << 20;

export class ContextHasher {
  private readonly files: FileJob[] = [];
  private readonly digests: Array<string | null> = [];
  /** Indexes (into files) of misses not yet handed out. */
  private queued: number[] = [];
  private queuedBytes = 0;
  private missCount = 0;
  private missBytes = 0;
  private hitBytes = 0;
  private pool: HashPool | null = null;
  /** Batches given to the pool: first index into `batchIndexes`. */
  private readonly batches = new Map<number, number[]>();
  private done = 0;
  private doneBytes = 0;
  private reported = -1;

  constructor(
    private readonly x: XXHashAPI,
    private readonly cache: StatCache,
    private readonly onProgress?: (p: Progress) => void,
  ) {}

  /** Called by the walk for each kept file, in walk order. */
  add(file: FileJob): void {
    const i = this.files.push(file) - 1;
    const cached = this.cache.lookup(file.rel, file);
    this.digests.push(cached);
    if (cached !== null) {
      this.hitBytes += file.size;
      return;
    }
    this.missCount++;
    this.missBytes += file.size;
    this.queued.push(i);
    this.queuedBytes += file.size;
    if (this.pool === null && poolSize() > 1 && (this.missBytes >= POOL_MIN_BYTES || this.missCount >= POOL_MIN_FILES)) {
      this.pool = new HashPool((n, b) => this.advance(n, b));
    }
    if (this.pool !== null && (this.queued.length >= BATCH_FILES || this.queuedBytes >= BATCH_BYTES)) this.flush();
  }

  async finish(): Promise<HashedFiles> {
    const sizes = new Map<string, number>();
    this.advance(this.files.length - this.missCount, this.hitBytes);
    if (this.pool !== null) {
      this.flush();
      for (const [id, outcomes] of await this.pool.drain()) this.record(this.batches.get(id) ?? [], outcomes, sizes);
    } else {
      const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
      const outcomes = this.queued.map((i) => this.hashHere(this.files[i] as FileJob, buffer));
      this.record(this.queued, outcomes, sizes);
    }
    if (this.files.length === 0) this.onProgress?.({ files: 0, bytes: 0, totalFiles: 0, totalBytes: 0 });
    return { digests: this.digests, sizes, misses: this.missCount };
  }

  private flush(): void {
    if (this.queued.length === 0 || this.pool === null) return;
    const id = this.batches.size;
    this.batches.set(id, this.queued);
    this.pool.submit(id, this.queued.map((i) => ({ abs: (this.files[i] as FileJob).abs, size: (this.files[i] as FileJob).size })));
    this.queued = [];
    this.queuedBytes = 0;
  }

  private hashHere(file: FileJob, buffer: Buffer): HashOutcome {
    try {
      const { digest, size } = hashFileSync(this.x, file.abs, buffer);
      this.advance(1, file.size);
      return [digest, size];
    } catch (err) {
      return (err as NodeJS.ErrnoException).code ?? String(err);
    }
  }

  private record(indexes: readonly number[], outcomes: readonly HashOutcome[], sizes: Map<string, number>): void {
    indexes.forEach((i, k) => {
      const file = this.files[i] as FileJob;
      const outcome = outcomes[k];
      if (outcome === undefined) return;
      if (typeof outcome !== 'string') {
        this.digests[i] = outcome[0];
        if (outcome[1] !== file.size) sizes.set(file.rel, outcome[1]); // Grew or shrank since the lstat.
      } else if (outcome !== 'ENOENT') {
        throw unreadable(file.abs, Object.assign(new Error(outcome), { code: outcome }));
      } // ENOENT: deleted while we walked; its digest stays null.
    });
  }

  private advance(files: number, bytes: number): void {
    this.done += files;
    this.doneBytes += bytes;
    const totalFiles = this.files.length;
    if (this.onProgress && (this.doneBytes - this.reported >= PROGRESS_EVERY_BYTES || this.done === totalFiles)) {
      this.reported = this.doneBytes;
      this.onProgress({ files: this.done, bytes: this.doneBytes, totalFiles, totalBytes: this.hitBytes + this.missBytes });
    }
  }
}
