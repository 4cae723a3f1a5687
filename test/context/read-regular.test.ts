import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadContext, NotRegularFile, readRegularFile } from '../../src/context/index.js';

const test = suite('context/read-regular');

function withDir(fn: (dir: string) => Promise<void> | void): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lp-regular-'));
    try {
      await fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test('a regular file reads; a limit reads one byte past it and no more', withDir((dir) => {
  writeFileSync(path.join(dir, 'f'), 'abcdef');
  assert.is(readRegularFile(path.join(dir, 'f')), 'abcdef');
  assert.is(readRegularFile(path.join(dir, 'f'), 3), 'abcd');
}));

test('a FIFO, a device and a directory are NotRegularFile, without blocking', withDir((dir) => {
  execFileSync('mkfifo', [path.join(dir, 'fifo')]);
  const kinds = [path.join(dir, 'fifo'), '/dev/zero', dir].map((f) => {
    try {
      readRegularFile(f);
      return 'read';
    } catch (err) {
      return err instanceof NotRegularFile ? err.kind : String(err);
    }
  });
  assert.equal(kinds, ['a FIFO', 'a device', 'a directory']);
}));

test('a .dockerignore that is a FIFO is an error naming it, not a hang', withDir(async (dir) => {
  writeFileSync(path.join(dir, 'Dockerfile'), 'FROM busybox\n');
  execFileSync('mkfifo', [path.join(dir, '.dockerignore')]);
  try {
    await loadContext({ root: dir, dockerfile: path.join(dir, 'Dockerfile'), builder: 'buildkit', statCacheDir: path.join(dir, '.stat') });
    assert.unreachable('loadContext should refuse the FIFO');
  } catch (err) {
    assert.match((err as Error).message, '.dockerignore is a FIFO, not a regular file');
  }
}));

test('within the limit the file is read whole in one call; its text is the bounded read\'s, invalid UTF-8 included', withDir((dir) => {
  const f = path.join(dir, 'f');
  writeFileSync(f, Buffer.concat([Buffer.from('a é € 𝄞 '), Buffer.from([0xff, 0xc3, 0x28, 0xe2, 0x82]), Buffer.from(' z\n')]));
  const size = readFileSync(f).length;
  const whole = readRegularFile(f);
  assert.is(readRegularFile(f, size), whole, 'limit = size: one call');
  assert.is(readRegularFile(f, size - 1), whole, 'limit one under: the bounded read, size bytes');
  assert.ok(whole.includes('\ufffd') && whole.startsWith('a é € 𝄞 ') && whole.endsWith(' z\n'));
  assert.is(readRegularFile(f, 2), 'a \ufffd', 'past the limit: 3 bytes, the last cut inside é');
}));

test.run();
