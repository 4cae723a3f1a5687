import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readStatCache, writeStatCache } from '../../src/context/stat-cache.js';

const t = suite('context/stat-cache');

t('the cache file is read on first use, not when the cache is opened', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-statcache-'));
  try {
    const file = path.join(dir, 'context-x.bin');
    const stamp = { size: 3, mtimeMs: 1000, ctimeMs: 1000, ino: 7, mode: 0o100644 };
    const cache = readStatCache(file, '/ctx'); // No file yet: an eager read would see an empty cache.
    writeStatCache(file, '/ctx', [{ rel: 'a.txt', stamp, digest: '0123456789abcdef' }]);
    utimesSync(file, new Date(), new Date()); // Written long after the file's mtime: not racy.
    assert.is(cache.lookup('a.txt', stamp), '0123456789abcdef');
    assert.is(cache.size, 1);
    assert.is(cache.lookup('a.txt', { ...stamp, mtimeMs: 2000 }), null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

t('a missing or foreign cache is empty', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-statcache-'));
  try {
    const file = path.join(dir, 'context-y.bin');
    assert.is(readStatCache(file, '/ctx').size, 0);
    writeStatCache(file, '/other', [{ rel: 'a.txt', stamp: { size: 1, mtimeMs: 1, ctimeMs: 1, ino: 1, mode: 1 }, digest: '0123456789abcdef' }]);
    assert.is(readStatCache(file, '/ctx').size, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

t.run();
