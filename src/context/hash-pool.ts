/**
 * Hashing many files on all cores: a small pool of worker threads, each doing
 * sync reads (cheap on a warm page cache) while the pool as a whole keeps a
 * bounded number of reads in flight (useful on a cold disk). Batches are
 * handed out on demand, so one huge file does not leave the others idle.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { HashBatch, HashBatchResult, HashOutcome } from './hash-worker.js';

/** At most this many workers (reads in flight). */
const MAX_WORKERS = 4;
/** A batch ends after this many files or bytes, whichever comes first. */
const BATCH_FILES = 128;
const BATCH_BYTES = 16 << 20;

export interface PoolJob {
  readonly abs: string;
  readonly size: number;
}

export function poolSize(): number {
  return Math.min(MAX_WORKERS, availableParallelism());
}

/**
 * Outcomes in job order. `onBatch` is told how many files and bytes each
 * finished batch covered (for progress).
 */
export async function hashInPool(jobs: readonly PoolJob[], onBatch: (files: number, bytes: number) => void): Promise<HashOutcome[]> {
  const batches = makeBatches(jobs);
  const outcomes: HashOutcome[] = new Array<HashOutcome>(jobs.length);
  const workerCount = Math.max(1, Math.min(poolSize(), batches.length));
  const workers = Array.from({ length: workerCount }, () => new Worker(new URL('./hash-worker.js', import.meta.url)));
  let next = 0;
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = (): void => {
              const batch = batches[next];
              if (batch === undefined) return resolve();
              next++;
              worker.postMessage({ id: batch.start, paths: batch.jobs.map((j) => j.abs) } satisfies HashBatch);
            };
            worker.on('message', (result: HashBatchResult) => {
              result.outcomes.forEach((o, i) => (outcomes[result.id + i] = o));
              onBatch(result.outcomes.length, jobs.slice(result.id, result.id + result.outcomes.length).reduce((n, j) => n + j.size, 0));
              send();
            });
            worker.on('error', reject);
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return outcomes;
}

interface Batch {
  /** Index of the first job. */
  readonly start: number;
  readonly jobs: readonly PoolJob[];
}

function makeBatches(jobs: readonly PoolJob[]): Batch[] {
  const batches: Batch[] = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < jobs.length; i++) {
    bytes += (jobs[i] as PoolJob).size;
    const count = i - start + 1;
    if (count >= BATCH_FILES || bytes >= BATCH_BYTES || i === jobs.length - 1) {
      batches.push({ start, jobs: jobs.slice(start, i + 1) });
      start = i + 1;
      bytes = 0;
    }
  }
  return batches;
}
