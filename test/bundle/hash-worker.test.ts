/**
 * The bundle's hash worker (dist/bundle/hash-worker.cjs, CommonJS so that the thread starts without
 * Node's ES module loader): it starts, and settles a table it is sent as this thread does. A pool whose
 * worker cannot start falls back to the main thread without a word, so only this test sees it break.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createTable, settleClaimed, settler, Settled } from '../../src/context/hash-files.js';
import type { HashJob, HashJobReport } from '../../src/context/hash-pool.js';
import { fileHasher } from '../../src/context/hash.js';
import { EMPTY_CACHE } from '../../src/context/stat-cache.js';
import { repoRoot } from '../_helpers/cli.js';

const t = suite('bundle/hash-worker');
const WORKER = path.join(repoRoot, 'dist/bundle/hash-worker.cjs');

t('the bundle\'s hash worker settles a table to the digests this thread computes', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'lp-worker-'));
  try {
    mkdirSync(path.join(root, 'src'));
    const rels = Array.from({ length: 40 }, (_, i) => `src/f${i}.txt`);
    rels.forEach((rel, i) => writeFileSync(path.join(root, rel), `file ${i}\n`.repeat(i)));
    assert.ok(readFileSync(WORKER, 'utf8').startsWith('"use strict";'), 'the worker is CommonJS');
    const inWorker = createTable(root, rels, EMPTY_CACHE);
    const worker = new Worker(WORKER);
    try {
      const report = await new Promise<HashJobReport>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`the worker exited (${code}) without a report`)));
        const job: HashJob = { id: 7, root, first: 0, rels: rels.join('\0'), count: rels.length, cache: EMPTY_CACHE.shared, buffers: inWorker.buffers, slot: 1 };
        worker.postMessage(job);
      });
      assert.equal(report, { id: 7, failures: [] });
    } finally {
      await worker.terminate();
    }
    const here = createTable(root, rels, EMPTY_CACHE);
    settleClaimed(here, settler(await fileHasher(), EMPTY_CACHE, 0));
    assert.equal([...inWorker.states], rels.map(() => Settled.Read));
    assert.is(inWorker.digests.toString('latin1'), here.digests.toString('latin1'));
    assert.ok(inWorker.progress[1]! > 0, 'the worker counted its bytes in its own slot');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

t.run();
