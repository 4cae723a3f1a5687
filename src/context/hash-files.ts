/**
 * The kept files of a context as a table in shared memory, filled in by
 * every thread of the walk at once: each claims the next unsettled file
 * (one atomic add) and settles it, by an lstat whose stamp the stat cache
 * holds a fresh digest for, or else by opening, fstat-ing and hashing it.
 * A file settles exactly once whoever claims it, so the result does not
 * depend on how the files were shared out. I/O edge.
 *
 * Why a table: the lstats of a re-plan cost ~5 µs each in the kernel on
 * this VM, so two threads halve the wait; results written into columns
 * (the stat cache's own layout) need no message or object per file.
 */
import { constants, lstatSync, type Stats } from 'node:fs';
import { fdIo, type FdIo } from './fd-io.js';
import type { FileHasher } from './hash.js';
import { DIGEST_CHARS, STAMP_FIELDS, type CacheRows, type StatCache } from './stat-cache.js';
import { errorCode } from '../lang/error-code.js';

/** What became of a file: still to do, digest from the cache, read and hashed, gone (or no longer a regular file), or unreadable. */
export const Settled = { Pending: 0, Cached: 1, Read: 2, Gone: 3, Failed: 4 } as const;
export type Settled = (typeof Settled)[keyof typeof Settled];

/** [CLAIMED]: next file to claim; [SETTLED]: files settled so far. */
const CLAIMED = 0;
const SETTLED = 1;

/** The shared memory of one table, as posted to a worker. */
export interface TableBuffers {
  readonly counters: SharedArrayBuffer;
  readonly stamps: SharedArrayBuffer;
  readonly digests: SharedArrayBuffer;
  readonly states: SharedArrayBuffer;
  /** Per file: its row in the stat cache, or -1. */
  readonly rows: SharedArrayBuffer;
  /** Per thread (slot): bytes it has settled, for progress. */
  readonly progress: SharedArrayBuffer;
}

/** One thread's view of a table: the files (relative paths under root) and the shared columns. */
export interface FileTable {
  readonly root: string;
  /** The index of its first file among all the context's files (a context's files come in several tables). */
  readonly first: number;
  readonly rels: readonly string[];
  readonly buffers: TableBuffers;
  readonly counters: Int32Array;
  /** STAMP_FIELDS per file: size (as hashed), mtimeMs, ctimeMs, ino, mode. */
  readonly stamps: Float64Array;
  /** DIGEST_CHARS hex ASCII bytes per file. */
  readonly digests: Buffer;
  readonly states: Uint8Array;
  readonly rows: Int32Array;
  readonly progress: Float64Array;
}

/** Room for this many threads' progress slots. */
const MAX_SLOTS = 8;

/**
 * The table of the files `rels` under root (the context's files from index
 * `first` on), each with its row in the cache, found here once so that no
 * other thread needs the cache's paths.
 */
export function createTable(root: string, rels: readonly string[], cache: StatCache, first = 0): FileTable {
  const n = rels.length;
  const buffers: TableBuffers = {
    counters: new SharedArrayBuffer(8),
    stamps: new SharedArrayBuffer(n * STAMP_FIELDS * 8),
    digests: new SharedArrayBuffer(n * DIGEST_CHARS),
    states: new SharedArrayBuffer(n),
    rows: new SharedArrayBuffer(n * 4),
    progress: new SharedArrayBuffer(MAX_SLOTS * 8),
  };
  const t = viewTable(root, first, rels, buffers);
  let shift = 0; // Cache row minus file index of the last file found: the next one's row is probably its index plus this.
  rels.forEach((rel, i) => {
    const row = cache.size === 0 ? -1 : cache.rowOf(rel, first + i + shift);
    if (row >= 0) shift = row - first - i;
    t.rows[i] = row;
  });
  return t;
}

export function viewTable(root: string, first: number, rels: readonly string[], buffers: TableBuffers): FileTable {
  return {
    root,
    first,
    rels,
    buffers,
    counters: new Int32Array(buffers.counters),
    stamps: new Float64Array(buffers.stamps),
    digests: Buffer.from(buffers.digests),
    states: new Uint8Array(buffers.states),
    rows: new Int32Array(buffers.rows),
    progress: new Float64Array(buffers.progress),
  };
}

const joined = new WeakMap<FileTable, string>();

/**
 * The table's paths joined by \0, made once: the text posted to the workers
 * (one string clones far faster than a thousand) is also the next stat
 * cache's (file-columns' columnsOf), where joining the walk's paths again
 * cost ~3-7 ms of 20,000 (each is a rope of its folder's path and its name).
 */
export function relsText(t: FileTable): string {
  let text = joined.get(t);
  if (text === undefined) joined.set(t, (text = t.rels.join('\0')));
  return text;
}

export const settledCount = (t: FileTable): number => Atomics.load(t.counters, SETTLED);
/** Whether every one of `count` files has been claimed (`counters`: a table's). */
export const allClaimed = (counters: Int32Array, count: number): boolean => Atomics.load(counters, CLAIMED) >= count;

/** An unreadable file: its index among the context's files, and the errno code. */
export type Failure = readonly [index: number, code: string];

/** What a thread needs to settle files: its hasher, the cache, and where its failures go. */
export interface Settler {
  readonly hasher: FileHasher;
  readonly io: FdIo;
  readonly cache: CacheRows;
  readonly failures: Failure[];
  /** This thread's progress slot. */
  readonly slot: number;
  /** Bytes this thread has read and hashed so far. */
  readBytes: number;
}

export function settler(hasher: FileHasher, cache: CacheRows, slot: number): Settler {
  return { hasher, io: fdIo(), cache, failures: [], slot, readBytes: 0 };
}

/**
 * Claims and settles files until none is left to claim; `each` runs after
 * every file (the main thread reports progress there).
 */
export function settleClaimed(t: FileTable, s: Settler, each?: () => void): void {
  for (;;) {
    const i = Atomics.add(t.counters, CLAIMED, 1);
    if (i >= t.rels.length) return;
    const state = settle(t, s, i);
    const size = t.stamps[i * STAMP_FIELDS] ?? 0;
    if (state === Settled.Read) s.readBytes += size;
    t.progress[s.slot] = (t.progress[s.slot] ?? 0) + size;
    Atomics.store(t.states, i, state);
    Atomics.add(t.counters, SETTLED, 1);
    each?.();
  }
}

/** Settles (again) the files still pending or failed (after a worker died holding some, its failures unreported). */
export function settlePending(t: FileTable, s: Settler): void {
  for (let i = 0; i < t.rels.length; i++) {
    const state = Atomics.load(t.states, i);
    if (state === Settled.Pending || state === Settled.Failed) Atomics.store(t.states, i, settle(t, s, i));
  }
}

// O_NOFOLLOW: the walk saw a regular file here; should it have become a symlink since, it is not followed.
// O_NONBLOCK: nor does a FIFO put in its place hang the open (fstat then says it is no regular file).
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

function settle(t: FileTable, s: Settler, i: number): Settled {
  const rel = t.rels[i];
  if (rel === undefined) return Settled.Gone;
  const abs = `${t.root}/${rel}`;
  try {
    const row = t.rows[i] ?? -1;
    if (row >= 0) {
      const st = lstatSync(abs, { throwIfNoEntry: false });
      if (st === undefined || !st.isFile()) return Settled.Gone;
      if (s.cache.fresh(row, st)) {
        putStamp(t, i, st);
        s.cache.copyDigest(row, t.digests, i * DIGEST_CHARS);
        return Settled.Cached;
      }
    }
    return readAndHash(t, s, i, abs);
  } catch (err) {
    const code = errorCode(err) ?? String(err);
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP') return Settled.Gone; // Removed, or replaced by a symlink, since the walk saw it.
    s.failures.push([t.first + i, code]);
    return Settled.Failed;
  }
}

/** Opens, fstats (one path lookup where lstat + open took two) and hashes the file; throws the errno error. */
function readAndHash(t: FileTable, s: Settler, i: number, abs: string): Settled {
  const io = s.io;
  const fd = io.open(abs, OPEN_FLAGS);
  try {
    const at = i * STAMP_FIELDS;
    if (!io.stamp(fd, t.stamps, at)) return Settled.Gone;
    // The size hashed, should the file have changed since the fstat (its mtime then fails the next lookup anyway).
    t.stamps[at] = s.hasher.hashFd(fd, t.stamps[at] as number, t.digests, i * DIGEST_CHARS);
    return Settled.Read;
  } finally {
    io.close(fd);
  }
}

function putStamp(t: FileTable, i: number, st: Stats): void {
  const at = i * STAMP_FIELDS;
  t.stamps[at] = st.size;
  t.stamps[at + 1] = st.mtimeMs;
  t.stamps[at + 2] = st.ctimeMs;
  t.stamps[at + 3] = st.ino;
  t.stamps[at + 4] = st.mode;
}
