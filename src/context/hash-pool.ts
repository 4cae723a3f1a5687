/**
 * The worker threads that settle a file table beside the main thread (see
 * hash-files.ts). Started once per process and reused by every context it
 * walks; between tables they are unref'd, so they never keep the process
 * alive. A worker costs ~30 ms of start-up on its own core, so they start
 * only for a big context: at once when its stat cache says it was big last
 * time (the start-up then overlaps the walk), else when the walk has found
 * many files, or when this thread has read many bytes alone.
 *
 * The main thread never waits for a worker to start: it settles files from
 * the same table meanwhile, and waits at the end only for files a worker
 * has claimed and not finished.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { XXHashAPI } from 'xxhash-wasm';
import { allClaimed, settleClaimed, settledCount, settlePending, settler, Settled, type Failure, type FileTable, type TableBuffers } from './hash-files.js';
import type { SharedCacheRows, StatCache } from './stat-cache.js';

/** At most this many workers. */
const MAX_WORKERS = 3;
/** Below both, starting a worker costs more than it saves. */
const POOL_MIN_FILES = 2000;
const POOL_MIN_BYTES = 32 << 20;
/** Report progress at most this often (in bytes) so the callback never dominates. */
const PROGRESS_EVERY_BYTES = 16 << 20;

/** A table to help with, as posted to a worker. */
export interface HashJob {
  readonly id: number;
  readonly root: string;
  /** The table's relative paths, joined by \0 (one string clones far faster than 20,000). */
  readonly rels: string;
  readonly count: number;
  readonly cache: SharedCacheRows;
  readonly buffers: TableBuffers;
  /** The worker's progress slot in the table. */
  readonly slot: number;
}

/** A worker is done with a job: the files it could not read. */
export interface HashJobReport {
  readonly id: number;
  readonly failures: readonly Failure[];
}

/** Workers worth starting: one per core besides the main thread's (none on one core). */
export function workerCount(): number {
  return Math.max(0, Math.min(MAX_WORKERS, availableParallelism() - 1));
}

class HashPool {
  private readonly workers: Worker[];
  private readonly reports = new Map<number, HashJobReport[]>();
  private wake: (() => void) | null = null;
  private jobs = 0;
  /** Set when a worker failed or exited: the pool is then retired. */
  failure: Error | null = null;

  constructor(size: number) {
    // Loaded here, not at start-up: node:worker_threads costs milliseconds a small context never needs.
    const WorkerThread = process.getBuiltinModule('node:worker_threads').Worker;
    // Not the parent's flags: `--input-type` or `--eval` would stop a file-based worker from starting.
    const execArgv = process.execArgv.filter((a) => !a.startsWith('--input-type') && !a.startsWith('--eval') && a !== '-e');
    this.workers = Array.from({ length: size }, () => {
      const worker = new WorkerThread(new URL('./hash-worker.js', import.meta.url), { execArgv });
      worker.on('message', (r: HashJobReport) => this.received(r));
      worker.on('error', (err) => this.fail(err));
      worker.on('exit', (code) => this.fail(new Error(`a hash worker exited (${code})`)));
      worker.unref();
      return worker;
    });
  }

  get size(): number {
    return this.workers.length;
  }

  /** Hands the table to every worker; returns the job id. */
  submit(t: FileTable, cache: SharedCacheRows): number {
    const id = this.jobs++;
    this.reports.set(id, []);
    const rels = t.rels.join('\0');
    this.workers.forEach((w, k) => {
      w.ref(); // Until the job is done: the main thread may be waiting for a message.
      w.postMessage({ id, root: t.root, rels, count: t.rels.length, cache, buffers: t.buffers, slot: k + 1 } satisfies HashJob);
    });
    return id;
  }

  /** Resolves at the next report or failure. */
  next(): Promise<void> {
    return new Promise<void>((resolve) => (this.wake = resolve));
  }

  /** Waits for every worker's report of the job (or a failure) and returns their failures. */
  async failuresOf(id: number): Promise<Failure[]> {
    while (this.failure === null && (this.reports.get(id)?.length ?? 0) < this.workers.length) await this.next();
    return (this.reports.get(id) ?? []).flatMap((r) => r.failures);
  }

  /** The job is settled: the workers may idle without keeping the process alive. */
  done(id: number): void {
    this.reports.delete(id);
    for (const w of this.workers) w.unref();
  }

  private received(r: HashJobReport): void {
    this.reports.get(r.id)?.push(r);
    this.wake?.();
  }

  private fail(err: Error): void {
    if (shared === this) shared = null;
    this.failure ??= err;
    this.wake?.();
  }
}

let shared: HashPool | null = null;

function pool(): HashPool | null {
  if (workerCount() === 0) return null;
  shared ??= new HashPool(workerCount());
  return shared;
}

/** Starts the workers now if a context of `expectedFiles` will want them, so their start-up overlaps the walk. */
export function prestartHashPool(expectedFiles: number): void {
  if (expectedFiles >= POOL_MIN_FILES) pool();
}

export interface HashTableOptions {
  readonly x: XXHashAPI;
  readonly cache: StatCache;
  readonly onProgress?: (p: { files: number; bytes: number; totalFiles: number; totalBytes: number }) => void;
}

/**
 * Settles every file of the table, here and in the workers; returns the
 * files that could not be read (by index), in file order.
 */
export async function hashTable(t: FileTable, opts: HashTableOptions): Promise<Failure[]> {
  const n = t.rels.length;
  const here = settler(opts.x, opts.cache, 0);
  const helpers: { pool: HashPool | null; job: number } = { pool: null, job: -1 };
  const help = (): void => {
    helpers.pool = pool();
    if (helpers.pool !== null) helpers.job = helpers.pool.submit(t, opts.cache.shared);
  };
  if (n >= POOL_MIN_FILES) help();
  const progress = progressOf(t, opts.onProgress);
  settleClaimed(t, here, () => {
    progress(false);
    if (helpers.pool === null && here.readBytes >= POOL_MIN_BYTES && !allClaimed(t.counters, n)) help();
  });
  let failures = here.failures;
  const { pool: workers, job } = helpers;
  if (workers !== null) {
    while (settledCount(t) < n && workers.failure === null) await workers.next();
    if (workers.failure !== null) settlePending(t, here); // A worker died holding files: settle them here.
    if (t.states.includes(Settled.Failed)) failures = [...failures, ...(await workers.failuresOf(job))];
    workers.done(job);
  }
  progress(true);
  return failures.sort((a, b) => a[0] - b[0]);
}

/**
 * Progress as files and bytes settled. The total bytes are known only when
 * every file has been stat-ed, which happens as it is settled, so they are
 * reported as 0 until the end.
 */
function progressOf(t: FileTable, onProgress: HashTableOptions['onProgress']): (last: boolean) => void {
  let reported = 0;
  const totalFiles = t.rels.length;
  return (last) => {
    if (onProgress === undefined) return;
    const bytes = t.progress.reduce((sum, b) => sum + b, 0);
    if (last) onProgress({ files: totalFiles, bytes, totalFiles, totalBytes: bytes });
    else if (bytes - reported >= PROGRESS_EVERY_BYTES) {
      reported = bytes;
      onProgress({ files: settledCount(t), bytes, totalFiles, totalBytes: 0 });
    }
  };
}
