/**
 * Hashes the kept files of a context as the walk finds them, taking
 * unchanged ones from the stat cache. Past a threshold of misses, worker
 * threads start and take batches while the walk goes on; what they have not
 * taken when the walk ends, this thread hashes itself (see hash-pool.ts).
 * I/O edge.
 */
import type { XXHashAPI } from 'xxhash-wasm';
import { CHUNK_BYTES, hashOutcome, type HashOutcome } from './hash.js';
import { HashPool, workerCount } from './hash-pool.js';
import type { FileStamp, StatCache } from './stat-cache.js';
import { unreadable } from './errors.js';

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

/** Below both thresholds, starting worker threads (~30 ms each) costs more than it saves. */
const POOL_MIN_BYTES = 32 << 20;
const POOL_MIN_FILES = 2000;
/** A batch for a worker ends after this many files or bytes. */
const BATCH_FILES = 128;
const BATCH_BYTES = 8 << 20;
/** Report progress at most this often (in bytes) so the callback never dominates. */
const PROGRESS_EVERY_BYTES = 16 << 20;

export class ContextHasher {
  private readonly files: FileJob[] = [];
  private readonly digests: Array<string | null> = [];
  /** Misses not yet hashed or handed out (indexes into files), taken from `next` on. */
  private readonly queue: number[] = [];
  private next = 0;
  private queuedBytes = 0;
  private missCount = 0;
  private missBytes = 0;
  private hitBytes = 0;
  private readonly workers = workerCount();
  private pool: HashPool | null = null;
  /** Batches out with the workers, by id. */
  private readonly batches = new Map<number, number[]>();
  private batchIds = 0;
  /** Files whose size changed between the lstat and the read. */
  private readonly sizes = new Map<string, number>();
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
    this.queue.push(i);
    this.queuedBytes += file.size;
    if (this.pool === null && this.workers > 0 && (this.missBytes >= POOL_MIN_BYTES || this.missCount >= POOL_MIN_FILES)) {
      this.pool = new HashPool(this.workers, (id, outcomes) => this.received(id, outcomes));
    }
    this.handOut(false);
  }

  /** The walk is over: hash what is left, here and in the workers, and return every digest. */
  async finish(): Promise<HashedFiles> {
    this.advance(this.files.length - this.missCount, this.hitBytes);
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    try {
      // One file at a time, so that a worker that runs dry gets its next batch soon (handOut checks after each).
      for (let one = this.take(1, 0, true); one !== null; one = this.take(1, 0, true)) {
        this.hashHere(one, buffer);
        this.handOut(true);
      }
      await this.pool?.drain();
    } finally {
      await this.pool?.close();
    }
    if (this.files.length === 0) this.onProgress?.({ files: 0, bytes: 0, totalFiles: 0, totalBytes: 0 });
    return { digests: this.digests, sizes: this.sizes, misses: this.missCount };
  }

  /** Gives workers with room a batch each: only full ones while the walk goes on (`last`: any left). */
  private handOut(last: boolean): void {
    while (this.pool?.hasRoom) {
      const batch = this.take(BATCH_FILES, BATCH_BYTES, last);
      if (batch === null) return;
      const id = this.batchIds++;
      this.batches.set(id, batch);
      this.pool.submit(id, batch.map((i) => this.files[i] as FileJob));
    }
  }

  /** Up to maxFiles queued misses (fewer once maxBytes is reached); null when none, or fewer than a full batch and not `partial`. */
  private take(maxFiles: number, maxBytes: number, partial: boolean): number[] | null {
    const left = this.queue.length - this.next;
    if (left === 0 || (!partial && left < maxFiles && this.queuedBytes < maxBytes)) return null;
    const batch: number[] = [];
    let bytes = 0;
    while (this.next < this.queue.length && batch.length < maxFiles && (batch.length === 0 || bytes < maxBytes)) {
      const i = this.queue[this.next++] as number;
      batch.push(i);
      bytes += (this.files[i] as FileJob).size;
    }
    this.queuedBytes -= bytes;
    return batch;
  }

  private hashHere(indexes: readonly number[], buffer: Buffer): void {
    const outcomes = indexes.map((i) => hashOutcome(this.x, (this.files[i] as FileJob).abs, buffer));
    this.record(indexes, outcomes);
  }

  private received(id: number, outcomes: readonly HashOutcome[]): void {
    this.record(this.batches.get(id) ?? [], outcomes);
    this.batches.delete(id);
  }

  private record(indexes: readonly number[], outcomes: readonly HashOutcome[]): void {
    let bytes = 0;
    indexes.forEach((i, k) => {
      const file = this.files[i] as FileJob;
      const outcome = outcomes[k];
      bytes += file.size;
      if (outcome === undefined) return;
      if (typeof outcome !== 'string') {
        this.digests[i] = outcome[0];
        if (outcome[1] !== file.size) this.sizes.set(file.rel, outcome[1]); // Grew or shrank since the lstat.
      } else if (outcome !== 'ENOENT') {
        throw unreadable(file.abs, Object.assign(new Error(outcome), { code: outcome }));
      } // ENOENT: deleted while we walked; its digest stays null.
    });
    this.advance(indexes.length, bytes);
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
