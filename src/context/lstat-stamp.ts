/**
 * A path's lstat as a FileStamp without the Stats object lstatSync makes: on
 * Node 20 each Stats carries four Date objects, made at once, which cost a
 * third of an lstat of a cached inode and as much again in garbage, and a
 * re-plan lstats every file of the context. Where Node's fs binding offers
 * the lstat its own lstatSync calls (process.binding('fs'), Node 20), its raw
 * stat array is read, with the same arithmetic as lstatSync's for the times;
 * anywhere else, and if that lstat disagrees with lstatSync on `/`, lstatSync.
 *
 * Both functions are self-contained (they use only their parameters and
 * built-ins): a worker thread runs them from their source text (fresh-rows.ts).
 * I/O edge.
 */
import type { lstatSync as LstatSync } from 'node:fs';
import { fsBinding } from './fs-binding.js';

/** A FileStamp to fill in. */
export interface StampInto {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  mode: number;
}

/** Fills `into` with the path's lstat; false when it is no regular file, or nothing is there (then `into.mode` is 0). Throws errno errors. */
export type StampReader = (abs: string, into: StampInto) => boolean;

/** The binding's lstat: (path, bigint, request (none: sync), throw if no entry) → the stat fields, undefined when nothing is there. */
type RawLstat = (path: string, bigint: false, req: undefined, throwIfNoEntry: boolean) => Float64Array | undefined;

/** The fs binding's lstat (fs-binding.ts), or null where it has none. Self-contained, as stampReader. */
export function rawLstat(binding: Readonly<Record<string, unknown>> | null): RawLstat | null {
  const lstat = binding === null ? undefined : binding.lstat;
  return typeof lstat === 'function' ? (lstat.bind(binding) as RawLstat) : null;
}

/** The StampReader over `raw` when it gives what lstatSync gives for `/`, else over lstatSync. */
export function stampReader(lstatSync: typeof LstatSync, raw: RawLstat | null): StampReader {
  const viaStats: StampReader = (abs, into) => {
    const st = lstatSync(abs, { throwIfNoEntry: false });
    if (st === undefined) {
      into.mode = 0;
      return false;
    }
    into.size = st.size;
    into.mtimeMs = st.mtimeMs;
    into.ctimeMs = st.ctimeMs;
    into.ino = st.ino;
    into.mode = st.mode;
    return st.isFile();
  };
  if (raw === null) return viaStats;
  // Fields as Node 20 lays them out (dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks, then
  // seconds and nanoseconds of atime, mtime, ctime, birthtime); times in ms as lstatSync computes them.
  const viaRaw: StampReader = (abs, into) => {
    const v = raw(abs, false, undefined, false);
    if (v === undefined) {
      into.mode = 0;
      return false;
    }
    into.mode = v[1] as number;
    into.ino = v[7] as number;
    into.size = v[8] as number;
    into.mtimeMs = (v[12] as number) * 1000 + (v[13] as number) / 1000000;
    into.ctimeMs = (v[14] as number) * 1000 + (v[15] as number) / 1000000;
    return ((v[1] as number) & 0o170000) === 0o100000;
  };
  try {
    const a = { size: 0, mtimeMs: 0, ctimeMs: 0, ino: 0, mode: 0 };
    const b = { ...a };
    viaRaw('/', a);
    viaStats('/', b);
    const same = a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino && a.mode === b.mode && a.mode !== 0;
    return same ? viaRaw : viaStats;
  } catch {
    return viaStats;
  }
}

let forThisThread: StampReader | null = null;

/** This thread's StampReader (made once: it lstats `/` to check the binding). */
export function threadStampReader(lstatSync: typeof LstatSync): StampReader {
  forThisThread ??= stampReader(lstatSync, rawLstat(fsBinding(process)));
  return forThisThread;
}
