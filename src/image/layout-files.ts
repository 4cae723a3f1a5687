/**
 * Opens the members of an OCI image layout directory with the confinement a
 * tar gets for free: a path (or link) that leads out of the layout is
 * refused, and only regular files are opened (O_NOFOLLOW | O_NONBLOCK, then
 * fstat), so a FIFO, device or socket costs an error, never a hang.
 */
import { constants } from 'node:fs';
import { lstat, open, realpath, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { ImageReadError } from './errors.js';
import { limitError } from './limits.js';
import { kindOf } from '../context/read-regular.js';
import { errorCode } from '../lang/error-code.js';

export interface LayoutFile {
  readonly handle: FileHandle;
  readonly size: number;
}

export class LayoutDir {
  private constructor(
    /** As the user named it, for messages. */
    readonly name: string,
    private readonly root: string,
  ) {}

  static async open(dir: string): Promise<LayoutDir> {
    return new LayoutDir(dir, await realpath(dir));
  }

  /** A regular file of the layout, or null when there is none at `rel`. `member` names it in errors. */
  async openFile(rel: string, member: string): Promise<LayoutFile | null> {
    const real = await this.resolveInside(rel, member);
    if (real === null) return null;
    const kind = kindOf(await lstat(real));
    if (kind) throw notRegular(member, kind);
    let handle: FileHandle;
    try {
      handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    } catch (err) {
      throw new ImageReadError('E_NOT_REGULAR', `${member} cannot be opened (${errorCode(err) ?? 'error'})`);
    }
    const st = await handle.stat();
    const now = kindOf(st);
    if (now) {
      await handle.close();
      throw notRegular(member, now);
    }
    return { handle, size: st.size };
  }

  /** A whole regular file of at most `limit` bytes, or null when absent. */
  async readSmall(rel: string, member: string, limit: number): Promise<Buffer | null> {
    const file = await this.openFile(rel, member);
    if (!file) return null;
    try {
      if (file.size > limit) throw limitError(member, `it is ${file.size} bytes, more than ${limit}`);
      const buf = Buffer.alloc(file.size);
      let at = 0;
      while (at < file.size) {
        const { bytesRead } = await file.handle.read(buf, at, file.size - at, at);
        if (bytesRead === 0) break;
        at += bytesRead;
      }
      return buf.subarray(0, at);
    } finally {
      await file.handle.close();
    }
  }

  /** The real path of `rel`, checked to lie inside the layout (links included); null when nothing is there. */
  private async resolveInside(rel: string, member: string): Promise<string | null> {
    const full = path.join(this.root, rel);
    let real: string;
    try {
      real = await realpath(full);
    } catch {
      // Absent, or a link to nothing: either way the layout lacks it.
      return null;
    }
    if (real !== this.root && !real.startsWith(this.root + path.sep)) {
      throw new ImageReadError('E_NOT_REGULAR', `${member} is a link that leads out of the image layout; refusing to read it`);
    }
    return real;
  }
}

function notRegular(member: string, kind: string): ImageReadError {
  return new ImageReadError('E_NOT_REGULAR', `${member} is ${kind}, not a regular file; an image layout holds only files`);
}
