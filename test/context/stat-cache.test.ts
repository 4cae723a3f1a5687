import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readStatCache, writeStatCache, type CacheColumns, type FileStamp } from '../../src/context/stat-cache.js';

const t = suite('context/stat-cache');

/** The columns of a few files, as the walk's table holds them. */
function columns(files: ReadonlyArray<{ rel: string; stamp: FileStamp; digest: string }>): CacheColumns {
  const stamps = new Float64Array(files.flatMap(({ stamp: s }) => [s.size, s.mtimeMs, s.ctimeMs, s.ino, s.mode]));
  return { rels: files.map((f) => f.rel), stamps, digests: Buffer.from(files.map((f) => f.digest).join(''), 'latin1') };
}

const withDir = (fn: (dir: string) => void) => () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-statcache-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

const a = { rel: 'a.txt', stamp: { size: 3, mtimeMs: 1000, ctimeMs: 1000, ino: 7, mode: 0o100644 }, digest: '0123456789abcdef' };
const b = { rel: 'd/b.txt', stamp: { size: 5, mtimeMs: 1500, ctimeMs: 1600, ino: 8, mode: 0o100755 }, digest: 'fedcba9876543210' };

t('rows written from columns read back: found by path at or away from the hint, fresh only when every stamp field is equal', withDir((dir) => {
  const file = path.join(dir, 'context-x.bin');
  writeStatCache(file, '/ctx', columns([a, b]));
  utimesSync(file, new Date(), new Date()); // Written long after the files' mtimes: not racy.
  const cache = readStatCache(file, '/ctx');
  assert.is(cache.size, 2);
  assert.equal([cache.rowOf('d/b.txt', 1), cache.rowOf('d/b.txt', 0), cache.rowOf('a.txt', 5), cache.rowOf('new.txt', 0)], [1, 1, 0, -1]);
  assert.ok(cache.fresh(1, b.stamp));
  for (const field of ['size', 'mtimeMs', 'ctimeMs', 'ino', 'mode'] as const) assert.not.ok(cache.fresh(1, { ...b.stamp, [field]: b.stamp[field] + 1 }), field);
  const into = Buffer.alloc(20, '.');
  cache.copyDigest(1, into, 2);
  assert.is(into.toString('latin1'), `..${b.digest}..`);
  assert.is(cache.lookup('a.txt', a.stamp), a.digest);
  assert.is(cache.lookup('a.txt', { ...a.stamp, mtimeMs: 2000 }), null);
}));

t('a row whose mtime or ctime is within the racy window of the cache write is not fresh', withDir((dir) => {
  const file = path.join(dir, 'context-r.bin');
  writeStatCache(file, '/ctx', columns([a, b]));
  const written = new Date(2500); // 1 s after b's ctime, 1.5 s after a's times: both within 2 s.
  utimesSync(file, written, written);
  const cache = readStatCache(file, '/ctx');
  assert.not.ok(cache.fresh(0, a.stamp));
  assert.not.ok(cache.fresh(1, b.stamp));
  utimesSync(file, new Date(3100), new Date(3100)); // a's times are now 2.1 s older; b's ctime only 1.5 s.
  const later = readStatCache(file, '/ctx');
  assert.ok(later.fresh(0, a.stamp));
  assert.not.ok(later.fresh(1, b.stamp));
}));

t('each write has its own generation, read back with the rows', withDir((dir) => {
  const file = path.join(dir, 'context-g.bin');
  const first = writeStatCache(file, '/ctx', columns([a]));
  assert.type(first, 'string');
  assert.is(readStatCache(file, '/ctx').generation, first);
  const second = writeStatCache(file, '/ctx', columns([a]));
  assert.is.not(second, first, 'the same rows written again are another generation');
  assert.is(readStatCache(file, '/ctx').generation, second);
  assert.is(readStatCache(path.join(dir, 'none.bin'), '/ctx').generation, null);
}));

t('a missing or foreign cache is empty', withDir((dir) => {
  const file = path.join(dir, 'context-y.bin');
  assert.is(readStatCache(file, '/ctx').size, 0);
  writeStatCache(file, '/other', columns([a]));
  assert.is(readStatCache(file, '/ctx').size, 0);
  assert.is(readStatCache(file, '/other').size, 1);
}));

t.run();
