/**
 * Worker threads that hash files beside the main thread, each doing sync
 * reads (cheap on a warm page cache). The caller hands a worker a batch only
 * while it has fewer than IN_FLIGHT, and keeps the rest: whatever is still
 * queued when the walk ends, the main thread hashes itself, so every core
 * works until the end instead of the main thread waiting on full queues.
 *
 * The walk is synchronous, so worker messages cannot arrive during it: each
 * worker counts its finished batches in shared memory, and the count is what
 * says it has room. The results themselves are read from the messages at the
 * end.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { HashOutcome } from './hash.js';
import type { HashBatch, HashBatchResult, HashWorkerData } from './hash-worker.js';

/** At most this many workers. */
const MAX_WORKERS = 3;
/** Batches out per worker: one being hashed and one waiting, so it never idles between batches. */
const IN_FLIGHT = 2;

export interface PoolJob {
  readonly abs: string;
  readonly size: number;
}

/** Workers worth starting: one per core besides the main thread's (none on one core). */
export function workerCount(): number {
  return Math.max(0, Math.min(MAX_WORKERS, availableParallelism() - 1));
}

interface Lane {
  readonly worker: Worker;
  /** [0]: batches the worker has finished (it adds to it). */
  readonly finished: Int32Array;
  submitted: number;
  received: number;
}

export class HashPool {
  private readonly lanes: Lane[];
  private failure: Error | null = null;
  private wake: (() => void) | null = null;

  constructor(
    size: number,
    private readonly onBatch: (id: number, outcomes: readonly HashOutcome[]) => void,
  ) {
    // Loaded here, not at start-up: node:worker_threads costs milliseconds a small context never needs.
    const WorkerThread = process.getBuiltinModule('node:worker_threads').Worker;
    // Not the parent's flags: `--input-type` or `--eval` would stop a file-based worker from starting.
    const execArgv = process.execArgv.filter((a) => !a.startsWith('--input-type') && !a.startsWith('--eval') && a !== '-e');
    this.lanes = Array.from({ length: size }, () => {
      const finished = new Int32Array(new SharedArrayBuffer(4));
      const workerData: HashWorkerData = { finished };
      const worker = new WorkerThread(new URL('./hash-worker.js', import.meta.url), { execArgv, workerData });
      const lane: Lane = { worker, finished, submitted: 0, received: 0 };
      worker.on('message', (r: HashBatchResult) => this.received(lane, r));
      worker.on('error', (err) => this.fail(err));
      return lane;
    });
  }

  /** The worker with the fewest batches out, if it would take another now. */
  private roomiest(): Lane | null {
    let best: Lane | null = null;
    let bestOut = IN_FLIGHT;
    for (const lane of this.lanes) {
      const out = lane.submitted - Atomics.load(lane.finished, 0);
      if (out < bestOut) [best, bestOut] = [lane, out];
    }
    return best;
  }

  get hasRoom(): boolean {
    return this.roomiest() !== null;
  }

  /** Hands a batch to a worker with room (call only when hasRoom). */
  submit(id: number, jobs: readonly PoolJob[]): void {
    const lane = this.roomiest() ?? (this.lanes[0] as Lane);
    lane.submitted++;
    lane.worker.postMessage({ id, paths: jobs.map((j) => j.abs) } satisfies HashBatch);
  }

  /** Waits for the results of every batch handed out (reported through onBatch); rejects with the first failure. */
  async drain(): Promise<void> {
    while (this.failure === null && this.lanes.some((l) => l.received < l.submitted)) {
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    if (this.failure !== null) throw this.failure;
  }

  /** Stops the workers (always call it: running workers keep the process alive). */
  async close(): Promise<void> {
    await Promise.all(this.lanes.map((l) => l.worker.terminate()));
  }

  private received(lane: Lane, r: HashBatchResult): void {
    lane.received++;
    try {
      this.onBatch(r.id, r.outcomes);
    } catch (err) {
      this.fail(err as Error); // An unreadable file: thrown from drain, not from an event handler.
      return;
    }
    this.wake?.();
  }

  private fail(err: Error): void {
    this.failure = err;
    this.wake?.();
  }
}
