import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

test.run();
