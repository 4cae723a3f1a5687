/**
 * Which rows of a stat cache still hold on disk: each row's path lstat-ed
 * and its stamp compared (the same stamp, old enough to trust: see
 * stat-cache.ts). Started before the walk: for a big cache a worker thread
 * checks rows while this thread walks the context, and this thread joins in
 * when its walk is done. On an unchanged re-plan that is nearly all the
 * work besides the walk, and it costs no message, table or object per file:
 * threads claim chunks of rows through one shared counter and write each
 * row's state into shared memory. I/O edge.
 */
import { lstatSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { freshStamp, STAMP_FIELDS, type StatCache } from './stat-cache.js';
import { fsBinding } from './fs-binding.js';
import { rawLstat, stampReader, threadStampReader, type StampReader } from './lstat-stamp.js';
import { startWorkerThread } from './worker-start.js';

/** A row's state: not checked yet, fresh (its digest holds), or stale (changed, gone, or not a regular file any more). */
export const RowState = { Pending: 0, Fresh: 1, Stale: 2 } as const;

/** Rows claimed at once: few atomics, and still an even share for two threads. */
const CHUNK_ROWS = 256;
/** Below this many rows a worker's start-up (~30 ms of a core) costs more than the lstats it takes off this thread. */
const WORKER_MIN_ROWS = 2000;

/** What a thread needs to check rows: all in shared memory but the root and numbers. */
interface RowJob {
  readonly root: string;
  /** The cache's stamps, STAMP_FIELDS float64 per row. */
  readonly stamps: SharedArrayBuffer;
  readonly fields: number;
  readonly trustedBefore: number;
  /** One RowState byte per row. */
  readonly states: SharedArrayBuffer;
  /** Int32 [next chunk to claim, rows checked]. */
  readonly counters: SharedArrayBuffer;
  readonly chunkRows: number;
}

type Fresh = typeof freshStamp;

/**
 * Claims chunks of rows and checks them until none is left. Self-contained
 * (it uses only its parameters and built-ins): a worker runs it from its
 * source text, with the stamp reader and freshStamp passed the same way, so
 * both threads read and compare stamps with the same functions.
 */
function checkClaimed(job: RowJob, paths: readonly string[], read: StampReader, fresh: Fresh): void {
  const stamps = new Float64Array(job.stamps);
  const st = { size: 0, mtimeMs: 0, ctimeMs: 0, ino: 0, mode: 0 };
  const states = new Uint8Array(job.states);
  const counters = new Int32Array(job.counters);
  const n = paths.length;
  for (;;) {
    const from = Atomics.add(counters, 0, 1) * job.chunkRows;
    if (from >= n) return;
    const to = Math.min(n, from + job.chunkRows);
    for (let row = from; row < to; row++) {
      if (states[row] !== 0) continue; // Checked already (before a worker died: see finish).
      let ok = false;
      try {
        ok = read(`${job.root}/${paths[row]}`, st) && fresh(stamps, row * job.fields, st, job.trustedBefore);
      } catch {
        // Unreadable: stale, so that reading the file reports why (if the walk keeps it).
      }
      Atomics.store(states, row, ok ? 1 : 2);
    }
    Atomics.add(counters, 1, to - from);
  }
}

/** The rows' check, under way; finish() for the states. */
export interface RowCheck {
  /** Checks rows on this thread until none is left to claim, waits for the worker's; the state of every row. */
  finish(): Promise<Uint8Array>;
  /** Settles when the worker has checked every row it could claim (true) or died (false); null: none was started. */
  readonly worker: Promise<boolean> | null;
}

/**
 * Starts checking every row of the cache: at once in a worker when the cache
 * is big and `spareCore` (see hash-pool's coreToSpare), else only when finish()
 * is called.
 */
export function checkRows(root: string, cache: StatCache, spareCore: () => boolean): RowCheck {
  const n = cache.paths.length;
  const job: RowJob = {
    root,
    stamps: cache.shared.stamps,
    fields: STAMP_FIELDS,
    trustedBefore: cache.shared.trustedBefore,
    states: new SharedArrayBuffer(n),
    counters: new SharedArrayBuffer(8),
    chunkRows: CHUNK_ROWS,
  };
  // asked only of a cache big enough for a worker: the load average is node:os's, which a small plan never loads
  const worker = n >= WORKER_MIN_ROWS && spareCore() ? startWorker(job, cache.pathText) : null;
  return {
    worker: worker?.ended ?? null,
    async finish() {
      const read = threadStampReader(lstatSync);
      checkClaimed(job, cache.paths, read, freshStamp);
      if (worker !== null && Atomics.load(new Int32Array(job.counters), 1) < n) await worker.ended;
      // Still short: the worker died holding rows it never checked. This thread, alone now, checks what is left.
      if (Atomics.load(new Int32Array(job.counters), 1) < n) checkClaimed({ ...job, counters: new SharedArrayBuffer(8) }, cache.paths, read, freshStamp);
      worker?.release();
      return new Uint8Array(job.states);
    },
  };
}

interface RowWorker {
  /** Settles when the worker has checked all it could claim (true), or died (false). */
  readonly ended: Promise<boolean>;
  /** Lets the process exit without waiting for the worker (its answer is in, or no longer needed). */
  release(): void;
}

/**
 * The worker, on checkClaimed's source text (no file to find, nor to build
 * into the bundle, and no ES module loader to start). With the parent's
 * flags where a worker accepts them (worker-start.ts), as hash-pool's.
 */
function startWorker(job: RowJob, pathText: string): RowWorker | null {
  const source = `const { workerData: d, parentPort } = require('node:worker_threads');
const read = (${stampReader.toString()})(require('node:fs').lstatSync, (${rawLstat.toString()})((${fsBinding.toString()})(process)));
(${checkClaimed.toString()})(d.job, d.pathText.split('\\0'), read, ${freshStamp.toString()});
parentPort.postMessage(0);`;
  let worker: Worker;
  try {
    worker = startWorkerThread(source, { eval: true, workerData: { job, pathText } });
  } catch {
    return null; // No thread: this one checks every row.
  }
  const ended = new Promise<boolean>((resolve) => {
    worker.once('message', () => resolve(true));
    worker.once('error', () => resolve(false));
    worker.once('exit', () => resolve(false));
  });
  return { ended, release: () => worker.unref() };
}
