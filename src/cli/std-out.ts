/**
 * stdout and stderr without Node's stream stack where it buys nothing. process.stdout, once touched,
 * builds a net.Socket for a pipe (loading node:net and all of node:stream, ~5 ms of every run) or a
 * SyncWriteStream for a file, and both end in write(2) of the same bytes. So a pipe, a file or
 * /dev/null is written with fs.writeSync directly; a terminal (and anything else) still gets Node's
 * stream, which the TUI needs (size, resize) and which is what a user's terminal always had. I/O edge.
 */
import { EventEmitter } from 'node:events';
import { fstatSync, statSync, writeSync, type Stats } from 'node:fs';
import type { OutStream } from './command.js';

/** The stream for fd 1 or 2: a direct writer when it is a pipe, socket, file or /dev/null, else Node's (`fallback`, read on first use). */
export function stdStream(fd: 1 | 2, fallback: () => NodeJS.WriteStream): OutStream {
  return writesDirectly(fd) ? new FdOut(fd) : fallback();
}

function writesDirectly(fd: number): boolean {
  let st: Stats;
  try {
    st = fstatSync(fd);
  } catch {
    // Closed or odd: Node's stream decides what that means, as before.
    return false;
  }
  if (st.isFIFO() || st.isSocket() || st.isFile()) return true;
  return st.isCharacterDevice() && isDevNull(st);
}

/** A terminal is a character device too; /dev/null is the one we tell apart (by device and inode). */
function isDevNull(st: Stats): boolean {
  try {
    const n = statSync('/dev/null');
    return n.rdev === st.rdev && n.ino === st.ino;
  } catch {
    return false;
  }
}

/**
 * write(2) until every byte is out. A pipe shared with a process that made it non-blocking answers
 * EAGAIN when full: wait a millisecond and go on, as Node's socket waits for it to drain. Any other
 * error (EPIPE when the reader left, ENOSPC) is emitted as 'error' after the current task, as Node's
 * stream does: unhandled, it ends the process (exit 1, the error on stderr); later writes are dropped.
 */
export class FdOut extends EventEmitter implements OutStream {
  readonly isTTY = false;
  private broken = false;

  constructor(private readonly fd: number) {
    super();
  }

  write(text: string): boolean {
    if (this.broken || text.length === 0) return true;
    const bytes = Buffer.from(text, 'utf8');
    let off = 0;
    while (off < bytes.length) {
      try {
        off += writeSync(this.fd, bytes, off, bytes.length - off);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EAGAIN') {
          pause(1);
          continue;
        }
        this.broken = true;
        process.nextTick(() => this.emit('error', err));
        return false;
      }
    }
    return true;
  }
}

let sleeper: Int32Array | null = null;

function pause(ms: number): void {
  sleeper ??= new Int32Array(new SharedArrayBuffer(4));
  Atomics.wait(sleeper, 0, 0, ms);
}
