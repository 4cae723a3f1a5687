import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ContextFiles } from '../../src/context/hash-pool.js';
import { EMPTY_CACHE, readStatCache, writeStatCache, type StatCache } from '../../src/context/stat-cache.js';

const t = suite('context/hash-pool');

/** Every file's state, stamps and digest, in order, from settling `rels` as the walk would add them. */
async function settled(root: string, rels: readonly string[], cache: StatCache, spareCore?: boolean) {
  const files = new ContextFiles(root, { cache, ...(spareCore === undefined ? {} : { spareCore }) });
  for (const rel of rels) files.add(rel);
  const { tables, failures } = await files.finish();
  assert.equal(failures, []);
  return tables.map((tb) => ({ first: tb.first, states: [...tb.states], stamps: [...tb.stamps], digests: tb.digests.toString('latin1') }));
}

t('a big warm context settles the same with or without a core to spare for a worker (the lstat-only path on this thread alone)', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'lp-pool-'));
  try {
    const rels = Array.from({ length: 2600 }, (_, i) => `d${i % 7}/f${i}.txt`);
    for (let i = 0; i < 7; i++) mkdirSync(path.join(root, `d${i}`));
    rels.forEach((rel, i) => writeFileSync(path.join(root, rel), `file ${i}`));
    const cold = await settled(root, rels, EMPTY_CACHE);
    const cacheFile = path.join(root, 'cache.bin');
    const stamps = new Float64Array(cold.flatMap((tb) => tb.stamps));
    writeStatCache(cacheFile, root, { rels, stamps, digests: Buffer.from(cold.map((tb) => tb.digests).join(''), 'latin1') });
    const later = new Date(Date.now() + 60_000);
    utimesSync(cacheFile, later, later); // Not racy: every row fresh.
    writeFileSync(path.join(root, rels[5] as string), 'changed'); // One file read again on both paths.
    const withWorker = await settled(root, rels, readStatCache(cacheFile, root), true);
    const alone = await settled(root, rels, readStatCache(cacheFile, root), false);
    assert.equal(alone, withWorker);
    assert.is(withWorker.flatMap((tb) => tb.states).filter((s) => s === 1).length, rels.length - 1, 'all but the changed file from the cache');
    assert.is.not(withWorker[0]?.digests.slice(5 * 16, 6 * 16), cold[0]?.digests.slice(5 * 16, 6 * 16), 'the changed file hashed anew');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

t.run();
