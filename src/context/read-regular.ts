/**
 * Reads a small text file (a Dockerfile, an ignore file, a config) only if
 * it is a regular file: opened with O_NONBLOCK so a FIFO cannot block the
 * open, then checked with fstat before any read, so a FIFO, device or
 * socket is an error naming it, never a hang or an endless read.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync, readSync, type Stats } from 'node:fs';

export class NotRegularFile extends Error {
  constructor(
    readonly file: string,
    readonly kind: string,
  ) {
    super(`${file} is ${kind}, not a regular file`);
    this.name = 'NotRegularFile';
  }
}

/**
 * The file's text, at most `maxBytes + 1` bytes of it (so a caller with a
 * size limit sees that it is passed without the whole file being read).
 * Throws NotRegularFile, or the open's errno error (ENOENT, EACCES, ...).
 */
export function readRegularFile(file: string, maxBytes: number = Number.MAX_SAFE_INTEGER - 1): string {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = fstatSync(fd);
    const kind = kindOf(st);
    if (kind) throw new NotRegularFile(file, kind);
    // Within the limit (nearly every file): read to its end in one native call, as readFileSync reads a path.
    if (st.size <= maxBytes) return readFileSync(fd, 'utf8');
    const want = Math.min(st.size, maxBytes + 1);
    const buf = Buffer.alloc(want);
    let at = 0;
    while (at < want) {
      const n = readSync(fd, buf, at, want - at, at);
      if (n === 0) break;
      at += n;
    }
    return buf.subarray(0, at).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** What a path is when it is not a regular file ("a FIFO", "a device"), or null for a regular file. */
export function kindOf(st: Pick<Stats, 'isFile' | 'isDirectory' | 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice'>): string | null {
  if (st.isFile()) return null;
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}
