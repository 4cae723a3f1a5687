/**
 * The file calls of a cold hash (open, fstat, read, close), once per file
 * of the context, on both threads. Where Node's fs binding offers them
 * (process.binding('fs'), Node 20) they are its functions, the calls fs's
 * own sync functions make, without the checks of their arguments and the
 * Stats with four Dates that fstatSync makes per file: a cold plan of the
 * 20,000-file context takes ~13% less CPU so (task-clock 871 vs 999 ms,
 * medians of 9): 1.5 µs less JS per file (2.6 vs 1.1 µs beside the
 * syscalls), and V8's optimizing compiles of Stats and of the checks
 * (~20% of the run's CPU goes to TurboFan's background threads).
 * Anywhere else, or when the binding disagrees with fs on a file read both
 * ways, fs's sync functions. I/O edge.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { fsBinding } from './fs-binding.js';

/** A stamp's fields into a Float64Array: size, mtimeMs, ctimeMs, ino, mode (stat-cache's STAMP_FIELDS order). */
export interface FdIo {
  readonly kind: 'binding' | 'fs';
  /** Opens `path` (flags as open(2)); throws the errno error as openSync does. */
  open(path: string, flags: number): number;
  /** Writes the open file's stamp into `into` at `at` when it is a regular file; false (nothing written) when it is not. */
  stamp(fd: number, into: Float64Array, at: number): boolean;
  /** Reads up to `length` bytes at the file's offset into `into` from `offset`; 0 at the end. */
  read(fd: number, into: Uint8Array, offset: number, length: number): number;
  close(fd: number): void;
}

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;

/** fs's own sync functions. */
const viaFs: FdIo = {
  kind: 'fs',
  open: (path, flags) => openSync(path, flags),
  stamp(fd, into, at) {
    const st = fstatSync(fd);
    if (!st.isFile()) return false;
    into[at] = st.size;
    into[at + 1] = st.mtimeMs;
    into[at + 2] = st.ctimeMs;
    into[at + 3] = st.ino;
    into[at + 4] = st.mode;
    return true;
  },
  read: (fd, into, offset, length) => readSync(fd, into, offset, length, null),
  close: (fd) => closeSync(fd),
};

/** The binding's functions as Node 20's fs calls them (open(path, flags, mode), fstat(fd, bigint, request: none, throw)), which throw errno errors. */
interface FsBinding {
  open(path: string, flags: number, mode: number): number;
  /** The stat fields, in an array the next stat call overwrites. */
  fstat(fd: number, bigint: false, req: undefined, shouldNotThrow: false): Float64Array;
  /** Position -1: at the file's offset. */
  read(fd: number, into: Uint8Array, offset: number, length: number, position: -1): number;
  close(fd: number): void;
}

/** The binding's functions (fs-binding.ts), or null where it lacks one of them. */
function bindingCalls(proc: NodeJS.Process): FsBinding | null {
  const b = fsBinding(proc);
  if (b === null) return null;
  return [b.open, b.fstat, b.read, b.close].every((f) => typeof f === 'function') ? (b as unknown as FsBinding) : null;
}

function viaBinding(b: FsBinding): FdIo {
  return {
    kind: 'binding',
    // fs refuses a path with a NUL byte (the binding would open the path cut there): such a path goes to fs.
    open: (path, flags) => (path.includes('\0') ? openSync(path, flags) : b.open(path, flags, 0o666)),
    stamp(fd, into, at) {
      // Fields as Node 20 lays them out (dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks, then
      // seconds and nanoseconds of atime, mtime, ctime, birthtime); times in ms as fstatSync computes them.
      const v = b.fstat(fd, false, undefined, false);
      const mode = v[1] as number;
      if ((mode & S_IFMT) !== S_IFREG) return false;
      into[at] = v[8] as number;
      into[at + 1] = (v[12] as number) * 1000 + (v[13] as number) / 1e6;
      into[at + 2] = (v[14] as number) * 1000 + (v[15] as number) / 1e6;
      into[at + 3] = v[7] as number;
      into[at + 4] = mode;
      return true;
    },
    read: (fd, into, offset, length) => b.read(fd, into, offset, length, -1),
    close: (fd) => b.close(fd),
  };
}

/** Whether `io` reads `file` as fs does: the same stamp, the same first bytes, and the same error for a path that is not there. */
function agreesWithFs(io: FdIo, file: string): boolean {
  const a = new Float64Array(5);
  const b = new Float64Array(5);
  const bytesA = new Uint8Array(64);
  const bytesB = new Uint8Array(64);
  const fdA = io.open(file, constants.O_RDONLY);
  const fdB = openSync(file, constants.O_RDONLY);
  try {
    const stamped = io.stamp(fdA, a, 0) && viaFs.stamp(fdB, b, 0);
    const n = io.read(fdA, bytesA, 0, 64);
    const same = stamped && a.every((x, k) => x === b[k]) && n > 0 && n === viaFs.read(fdB, bytesB, 0, 64) && bytesA.every((x, k) => x === bytesB[k]);
    if (!same) return false;
  } finally {
    io.close(fdA);
    closeSync(fdB);
  }
  try {
    io.open(`${file}.not-there-${process.pid}`, constants.O_RDONLY);
    return false;
  } catch (err) {
    return (err as { code?: unknown }).code === 'ENOENT';
  }
}

let chosen: FdIo | null = null;

/** The FdIo of this thread: the binding's where it agrees with fs on Node's own executable, else fs's. */
export function fdIo(): FdIo {
  if (chosen !== null) return chosen;
  const b = bindingCalls(process);
  let io = viaFs;
  if (b !== null) {
    try {
      const raw = viaBinding(b);
      if (agreesWithFs(raw, process.execPath)) io = raw;
    } catch {
      // The binding is not what this file expects: fs's functions.
    }
  }
  chosen = io;
  return io;
}

/** For tests: fs's own functions, and the binding's (null where there is none). */
export const fdIoKinds = (): { fs: FdIo; binding: FdIo | null } => {
  const b = bindingCalls(process);
  return { fs: viaFs, binding: b === null ? null : viaBinding(b) };
};
