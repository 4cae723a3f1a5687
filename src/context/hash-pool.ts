/**
 * Settles a context's files (see hash-files.ts) on every core: the walk
 * adds each file as it finds it, the files go into tables of TABLE_FILES,
 * and each full table goes to the worker threads at once, so they lstat
 * and hash while this thread is still walking. When the walk is over, this
 * thread settles what is left of every table beside them.
 *
 * The workers are started once per process and reused by every context;
 * between contexts they are unref'd, so they never keep the process alive.
 * A worker costs ~30-50 ms of start-up on its own core, so they start only
 * for a big context: at once when its stat cache says it was big last time
 * (the start-up then overlaps the walk), else when the walk has handed over
 * a few hundred files and no cache (every one to be read: loadContext hands
 * over only the files it must read) or many with a cache, or when this thread
 * has read many bytes alone; a context that is only to be lstat-ed gets none
 * on a machine with no core to spare (coreToSpare).
 * This thread never waits for a worker to start, only, at the end, for files
 * a worker has claimed and not finished.
 */
import type { Worker } from 'node:worker_threads';
import { allClaimed, createTable, relsText, settleClaimed, settledCount, settlePending, settler, Settled, type Failure, type FileTable, type Settler, type TableBuffers } from './hash-files.js';
import { compiledModule, fileHasher, type WasmModule } from './hash.js';
import type { SharedCacheRows, StatCache } from './stat-cache.js';
import { startWorkerThread } from './worker-start.js';

/** At most this many workers. */
const MAX_WORKERS = 3;
/** Below both, starting a worker costs more than it saves. */
const POOL_MIN_FILES = 2000;
const POOL_MIN_BYTES = 32 << 20;
/**
 * Files given with no cache are all to be read: the workers start once the walk has handed over this
 * many, near the start of a big cold context's walk (2,000 files in came ~17 ms later, a third of a
 * worker's start-up); fewer files never wait for them, and pay ~5 ms for one started in vain.
 */
const POOL_COLD_FILES = 256;
/** Files per table: small enough that the workers get their first table early in the walk, big enough that messages stay few. */
const TABLE_FILES = 1024;
/** Report progress at most this often (in bytes) so the callback never dominates. */
const PROGRESS_EVERY_BYTES = 16 << 20;

/** A table to help with, as posted to a worker. */
export interface HashJob {
  readonly id: number;
  readonly root: string;
  readonly first: number;
  /** The table's relative paths, joined by \0 (one string clones far faster than a thousand). */
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
  return Math.max(0, Math.min(MAX_WORKERS, os().availableParallelism() - 1));
}

/**
 * Whether a worker that would only lstat can get a core (as `make -l` starts
 * no job past a load average). On a quiet machine it takes ~190 ms of lstats
 * off this thread; on one running twice as many threads as it has cores, its
 * start-up (~100 ms of a core, done 300 ms late) costs more than it takes
 * off (row 3 paired at load 9: 0.82x the wall time, 0.85x the CPU without it).
 * Reading and hashing still start workers whatever the load.
 */
export function coreToSpare(): boolean {
  return (os().loadavg()[0] ?? 0) < 2 * os().availableParallelism();
}

/** node:os when asked for: a plan that hashes nothing (a warm re-plan) never loads it (~0.3 ms of a start). */
function os(): typeof import('node:os') {
  return process.getBuiltinModule('node:os');
}

class HashPool {
  private readonly workers: Worker[];
  /** Per job: the failures each worker reported so far. */
  private readonly reports = new Map<number, Failure[][]>();
  private wakers: Array<() => void> = [];
  private jobs = 0;
  /** Contexts being settled with the pool: while any is, the workers keep the process alive. */
  private users = 0;
  /** Set when a worker failed or exited: the pool is then retired. */
  failure: Error | null = null;

  constructor(size: number) {
    this.workers = Array.from({ length: size }, () => {
      const worker = newWorker();
      worker.on('message', (r: HashJobReport) => this.received(r));
      worker.on('error', (err) => this.fail(err));
      worker.on('exit', (code) => this.fail(new Error(`a hash worker exited (${code})`)));
      worker.unref();
      return worker;
    });
  }

  acquire(): void {
    if (this.users++ === 0) for (const w of this.workers) w.ref(); // The main thread may wait for their messages.
  }

  release(): void {
    if (--this.users === 0) for (const w of this.workers) w.unref();
  }

  /** Hands the table to every worker; returns the job id. */
  submit(t: FileTable, cache: SharedCacheRows): number {
    const id = this.jobs++;
    this.reports.set(id, []);
    const job = { id, root: t.root, first: t.first, rels: relsText(t), count: t.rels.length, cache, buffers: t.buffers };
    this.workers.forEach((w, k) => w.postMessage({ ...job, slot: k + 1 } satisfies HashJob));
    return id;
  }

  /** Resolves at the next report or failure. */
  next(): Promise<void> {
    return new Promise<void>((resolve) => this.wakers.push(resolve));
  }

  /** Waits for every worker's report of the jobs (or a failure), and forgets them; returns their failures. */
  async failuresOf(ids: readonly number[]): Promise<Failure[]> {
    while (this.failure === null && ids.some((id) => (this.reports.get(id)?.length ?? 0) < this.workers.length)) await this.next();
    const failures = ids.flatMap((id) => this.reports.get(id)?.flat() ?? []);
    this.forget(ids);
    return failures;
  }

  /** Drops the reports of jobs (whatever is still to come of them is ignored). */
  forget(ids: readonly number[]): void {
    for (const id of ids) this.reports.delete(id);
  }

  private received(r: HashJobReport): void {
    const reports = this.reports.get(r.id);
    if (reports === undefined) return;
    reports.push([...r.failures]);
    this.wakeAll();
  }

  private fail(err: Error): void {
    if (shared === this) shared = null;
    this.failure ??= err;
    this.wakeAll();
  }

  private wakeAll(): void {
    const wakers = this.wakers;
    this.wakers = [];
    for (const wake of wakers) wake();
  }
}

/** What a hash worker starts with. */
export interface HashWorkerData {
  /** This thread's compiled xxhash module (hash.ts), or null: the worker then compiles its own. */
  readonly module: WasmModule | null;
}

/** A hash worker (worker-start.ts says with which flags). */
function newWorker(): Worker {
  return startWorkerThread(new URL('./hash-worker.js', import.meta.url), { workerData: { module: compiledModule() } satisfies HashWorkerData });
}

let shared: HashPool | null = null;

/** The process's pool, started on first use; null on one core, or where no worker can start (this thread then does it all). */
function startPool(): HashPool | null {
  if (workerCount() === 0) return null;
  try {
    shared ??= new HashPool(workerCount());
  } catch {
    return null;
  }
  return shared;
}

export interface ContextFilesOptions {
  readonly cache: StatCache;
  /** Whether a worker that would only lstat can get a core; default: coreToSpare(), from the load average. */
  readonly spareCore?: boolean;
  readonly onProgress?: (p: { files: number; bytes: number; totalFiles: number; totalBytes: number }) => void;
}

/** The settled files: their tables in walk order, and the files that could not be read (by index), in walk order. */
export interface SettledFiles {
  readonly tables: readonly FileTable[];
  readonly failures: readonly Failure[];
}

/** A context's files, settled in tables as the walk adds them. */
export class ContextFiles {
  private readonly tables: FileTable[] = [];
  private rels: string[] = [];
  private count = 0;
  private pool: HashPool | null = null;
  /** Job ids of the tables handed to the pool (the first jobs.length tables). */
  private readonly jobs: number[] = [];

  /** A big context seen before, probably unchanged (its files only lstat-ed), on a machine without a core to spare: no worker for it. */
  private readonly lstatAlone: boolean;

  constructor(
    private readonly root: string,
    private readonly opts: ContextFilesOptions,
  ) {
    this.lstatAlone = opts.cache.size >= POOL_MIN_FILES && !(opts.spareCore ?? coreToSpare());
    if (opts.cache.size >= POOL_MIN_FILES && !this.lstatAlone) this.usePool(); // A big context seen before: the workers start up while the walk goes on.
  }

  /** Called by the walk for each kept file, in walk order. */
  add(rel: string): void {
    this.rels.push(rel);
    if (++this.count === POOL_COLD_FILES && this.pool === null && this.opts.cache.size === 0) this.usePool();
    if (this.rels.length === TABLE_FILES) this.seal();
  }

  /** The walk is over: settle every file, here and in the workers. */
  async finish(): Promise<SettledFiles> {
    this.seal();
    const here = settler(await fileHasher(), this.opts.cache, 0);
    const progress = progressOf(this.tables, this.count, this.opts.onProgress);
    let settled = 0;
    for (const t of this.tables) {
      settleClaimed(t, here, () => {
        if (++settled % 64 === 0) progress(false);
        if (this.pool === null && here.readBytes >= POOL_MIN_BYTES && !allClaimed(t.counters, t.rels.length)) this.usePool();
      });
    }
    const failures = await this.waitForWorkers(here);
    progress(true);
    return { tables: this.tables, failures: failures.sort((a, b) => a[0] - b[0]) };
  }

  private seal(): void {
    if (this.rels.length === 0) return;
    this.tables.push(createTable(this.root, this.rels, this.opts.cache, this.count - this.rels.length));
    this.rels = [];
    if (this.pool === null && !this.lstatAlone && this.count >= POOL_MIN_FILES) this.usePool();
    this.submitSealed();
  }

  private usePool(): void {
    this.pool = startPool();
    this.pool?.acquire();
    this.submitSealed();
  }

  private submitSealed(): void {
    const pool = this.pool;
    if (pool === null) return;
    while (this.jobs.length < this.tables.length) {
      const t = this.tables[this.jobs.length];
      if (t !== undefined) this.jobs.push(pool.submit(t, this.opts.cache.shared));
    }
  }

  /** Waits for the files the workers claimed; settles them here if a worker died. Returns every failure. */
  private async waitForWorkers(here: Settler): Promise<Failure[]> {
    const pool = this.pool;
    if (pool === null) return here.failures;
    try {
      while (pool.failure === null && this.tables.some((t) => settledCount(t) < t.rels.length)) await pool.next();
      if (pool.failure !== null) for (const t of this.tables) settlePending(t, here);
      if (!this.tables.some((t) => t.states.includes(Settled.Failed))) {
        pool.forget(this.jobs);
        return here.failures;
      }
      return [...here.failures, ...(await pool.failuresOf(this.jobs))];
    } finally {
      pool.release();
    }
  }
}

/**
 * Progress as files and bytes settled. The total bytes are known only when
 * every file has been stat-ed, which happens as it is settled, so they are
 * reported as 0 until the end.
 */
function progressOf(tables: readonly FileTable[], totalFiles: number, onProgress: ContextFilesOptions['onProgress']): (last: boolean) => void {
  let reported = 0;
  return (last) => {
    if (onProgress === undefined) return;
    let bytes = 0;
    for (const t of tables) for (const b of t.progress) bytes += b;
    if (last) onProgress({ files: totalFiles, bytes, totalFiles, totalBytes: bytes });
    else if (bytes - reported >= PROGRESS_EVERY_BYTES) {
      reported = bytes;
      onProgress({ files: tables.reduce((n, t) => n + settledCount(t), 0), bytes, totalFiles, totalBytes: 0 });
    }
  };
}
