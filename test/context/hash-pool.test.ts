import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createTable, settlePending, settler } from '../../src/context/hash-files.js';
import { fileHasher } from '../../src/context/hash.js';
import { ContextFiles } from '../../src/context/hash-pool.js';
import { EMPTY_CACHE, readStatCache, writeStatCache, type StatCache } from '../../src/context/stat-cache.js';

const t = suite('context/hash-pool');

/** Every file's state, stamps and digest, in order, from settling `rels` as the walk would add them. */
async function settled(root: string, rels: readonly string[], cache: StatCache, spareCore?: boolean, pauseAt = -1) {
  const files = new ContextFiles(root, { cache, ...(spareCore === undefined ? {} : { spareCore }) });
  for (const [i, rel] of rels.entries()) {
    if (i === pauseAt) await new Promise((resolve) => setTimeout(resolve, 300));
    files.add(rel);
  }
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

t('a context with no stat cache, big enough to start the workers early in its walk, settles as this thread alone settles it', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'lp-pool-cold-'));
  try {
    const rels = Array.from({ length: 1500 }, (_, i) => `d${i % 5}/f${i}.bin`);
    for (let i = 0; i < 5; i++) mkdirSync(path.join(root, `d${i}`));
    rels.forEach((rel, i) => writeFileSync(path.join(root, rel), Buffer.alloc((i * 977) % 70_000, i % 251)));
    // The first table goes to the worker at 1,024 files: a pause there gives it time to start and take part (likely, not asserted: no timing in tests).
    const pooled = await settled(root, rels, EMPTY_CACHE, undefined, 1100);
    const alone = createTable(root, rels, EMPTY_CACHE);
    settlePending(alone, settler(await fileHasher(), EMPTY_CACHE, 0));
    assert.equal(pooled.flatMap((tb) => tb.states), [...alone.states]);
    assert.is(pooled.map((tb) => tb.digests).join(''), alone.digests.toString('latin1'));
    assert.equal(pooled.flatMap((tb) => tb.stamps), [...alone.stamps]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

t.run();
