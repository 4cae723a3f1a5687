/**
 * Hashing many files on all cores: a small pool of worker threads, each doing
 * sync reads (cheap on a warm page cache) while the pool as a whole keeps a
 * bounded number of reads in flight (useful on a cold disk). Batches can be
 * submitted while the caller is still walking the tree (sync), so walking
 * and hashing overlap; each batch goes to the least-loaded worker.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { HashBatch, HashBatchResult, HashOutcome } from './hash-worker.js';

/** At most this many workers (reads in flight). */
const MAX_WORKERS = 4;

export interface PoolJob {
  readonly abs: string;
  readonly size: number;
}

export function poolSize(): number {
  return Math.min(MAX_WORKERS, availableParallelism());
}

interface Lane {
  readonly worker: Worker;
  queuedBytes: number;
  pending: number;
}

export class HashPool {
  private readonly lanes: Lane[];
  private readonly outcomes = new Map<number, readonly HashOutcome[]>();
  private readonly sizes = new Map<number, number>();
  private failure: Error | null = null;
  private wake: (() => void) | null = null;

  constructor(private readonly onBatch: (files: number, bytes: number) => void) {
    // Not the parent's flags: `--input-type` or `--eval` would stop a file-based worker from starting.
    const execArgv = process.execArgv.filter((a) => !a.startsWith('--input-type') && !a.startsWith('--eval') && a !== '-e');
    this.lanes = Array.from({ length: Math.max(1, poolSize()) }, () => {
      const lane: Lane = { worker: new Worker(new URL('./hash-worker.js', import.meta.url), { execArgv }), queuedBytes: 0, pending: 0 };
      lane.worker.on('message', (r: HashBatchResult) => this.received(lane, r));
      lane.worker.on('error', (err) => this.fail(err));
      return lane;
    });
  }

  /** Queues a batch; `id` is the caller's index of its first job. */
  submit(id: number, jobs: readonly PoolJob[]): void {
    const bytes = jobs.reduce((n, j) => n + j.size, 0);
    const lane = this.lanes.reduce((a, b) => (b.queuedBytes < a.queuedBytes ? b : a));
    lane.queuedBytes += bytes;
    lane.pending++;
    this.sizes.set(id, bytes);
    lane.worker.postMessage({ id, paths: jobs.map((j) => j.abs) } satisfies HashBatch);
  }

  /** Waits for every submitted batch; returns outcomes by batch id, then stops the workers. */
  async drain(): Promise<ReadonlyMap<number, readonly HashOutcome[]>> {
    try {
      while (this.failure === null && this.lanes.some((l) => l.pending > 0)) {
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
      if (this.failure !== null) throw this.failure;
      return this.outcomes;
    } finally {
      await Promise.all(this.lanes.map((l) => l.worker.terminate()));
    }
  }

  private received(lane: Lane, r: HashBatchResult): void {
    const bytes = this.sizes.get(r.id) ?? 0;
    lane.pending--;
    lane.queuedBytes -= bytes;
    this.outcomes.set(r.id, r.outcomes);
    this.onBatch(r.outcomes.length, bytes);
    this.wake?.();
  }

  private fail(err: Error): void {
    this.failure = err;
    this.wake?.();
  }
}
