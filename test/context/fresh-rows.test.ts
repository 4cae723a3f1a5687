import { lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { checkRows, RowState } from '../../src/context/fresh-rows.js';
import { readStatCache, writeStatCache } from '../../src/context/stat-cache.js';

const t = suite('context/fresh-rows');

/** A context of `count` files with a cache of them (written a minute later, so no row is racy); returns the root and cache file. */
function cachedContext(count: number): { root: string; cacheFile: string; rels: string[] } {
  const root = mkdtempSync(path.join(tmpdir(), 'lp-rows-'));
  const rels = Array.from({ length: count }, (_, i) => `d${i % 7}/f${i}.txt`);
  for (let i = 0; i < 7; i++) mkdirSync(path.join(root, `d${i}`));
  rels.forEach((rel, i) => writeFileSync(path.join(root, rel), `file ${i}`));
  const stamps = new Float64Array(rels.flatMap((rel) => {
    const st = lstatSync(path.join(root, rel));
    return [st.size, st.mtimeMs, st.ctimeMs, st.ino, st.mode];
  }));
  const cacheFile = path.join(root, 'cache.bin');
  writeStatCache(cacheFile, root, { rels, stamps, digests: Buffer.from('0123456789abcdef'.repeat(count), 'latin1') });
  const later = new Date(Date.now() + 60_000);
  utimesSync(cacheFile, later, later);
  return { root, cacheFile, rels };
}

t('every row checked, with a worker or on this thread alone: an edited, removed or replaced file is stale, the rest fresh', async () => {
  const { root, cacheFile, rels } = cachedContext(2600);
  try {
    writeFileSync(path.join(root, rels[5] as string), 'changed, longer');
    rmSync(path.join(root, rels[700] as string));
    rmSync(path.join(root, rels[2599] as string));
    symlinkSync('f0.txt', path.join(root, rels[2599] as string));
    const stale = [5, 700, 2599];
    for (const how of ['worker alone', 'both threads', 'this thread alone'] as const) {
      const check = checkRows(root, readStatCache(cacheFile, root), () => how !== 'this thread alone');
      assert.is(check.worker === null, how === 'this thread alone');
      if (how === 'worker alone') assert.is(await check.worker, true, 'the worker checked every row before this thread took any');
      const states = await check.finish();
      assert.is(states.length, rels.length);
      assert.equal([...states.keys()].filter((row) => states[row] !== RowState.Fresh), stale, how);
      assert.ok(states.every((s) => s === RowState.Fresh || s === RowState.Stale), 'none left pending');
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

t('rows within the racy window of the cache write are stale', async () => {
  const { root, cacheFile } = cachedContext(3);
  try {
    const now = new Date();
    utimesSync(cacheFile, now, now);
    const states = await checkRows(root, readStatCache(cacheFile, root), () => false).finish();
    assert.equal([...states], [RowState.Stale, RowState.Stale, RowState.Stale]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

t.run();
