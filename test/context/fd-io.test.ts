import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fdIo, fdIoKinds, type FdIo } from '../../src/context/fd-io.js';

const t = suite('context/fd-io');

const FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** What `io` makes of a path: the open's errno code, or the stamp (null: not a regular file) and every byte, read in pieces of `piece`. */
function readAll(io: FdIo, file: string, piece: number): { code: string } | { stamp: number[] | null; bytes: string } {
  let fd: number;
  try {
    fd = io.open(file, FLAGS);
  } catch (err) {
    return { code: String((err as { code?: unknown }).code) };
  }
  try {
    const stamp = new Float64Array(5);
    if (!io.stamp(fd, stamp, 0)) return { stamp: null, bytes: '' };
    const buf = new Uint8Array(piece);
    const parts: Buffer[] = [];
    for (let n = io.read(fd, buf, 0, piece); n > 0; n = io.read(fd, buf, 0, piece)) parts.push(Buffer.from(buf.subarray(0, n)));
    return { stamp: [...stamp], bytes: Buffer.concat(parts).toString('hex') };
  } finally {
    io.close(fd);
  }
}

t('the binding\'s calls, where Node has them, give what fs\'s give: stamps, bytes in pieces, not-a-file, and errno codes; fdIo uses them then', () => {
  const { fs, binding } = fdIoKinds();
  if (binding === null) {
    assert.is(fdIo().kind, 'fs', 'no binding: fs\'s own functions');
    return;
  }
  assert.is(fdIo().kind, 'binding', 'the binding agreed with fs on Node\'s executable');
  const root = mkdtempSync(path.join(tmpdir(), 'lp-fdio-'));
  try {
    writeFileSync(path.join(root, 'empty'), '');
    writeFileSync(path.join(root, 'small'), 'hello\n');
    writeFileSync(path.join(root, 'big'), randomBytes(200_000));
    writeFileSync(path.join(root, 'mode'), 'x', { mode: 0o755 });
    mkdirSync(path.join(root, 'dir'));
    symlinkSync('small', path.join(root, 'link'));
    execFileSync('mkfifo', [path.join(root, 'fifo')]);
    for (const name of ['empty', 'small', 'big', 'mode', 'dir', 'link', 'fifo', 'missing', 'small/below']) {
      const file = path.join(root, name);
      const want = readAll(fs, file, 65_536);
      assert.equal(readAll(binding, file, 65_536), want, name);
      assert.equal(readAll(binding, file, 7), want, `${name}, in pieces of 7 bytes`);
    }
    assert.equal(readAll(fs, path.join(root, 'dir'), 8), { stamp: null, bytes: '' }, 'a directory is no regular file');
    assert.equal(readAll(fs, path.join(root, 'link'), 8), { code: 'ELOOP' }, 'a symlink is not followed');
    assert.equal(readAll(fs, path.join(root, 'missing'), 8), { code: 'ENOENT' });
    assert.equal(readAll(binding, `${path.join(root, 'small')}\0tail`, 8), { code: 'ERR_INVALID_ARG_VALUE' }, 'a NUL in the path is refused as fs refuses it, not cut off');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

t.run();
