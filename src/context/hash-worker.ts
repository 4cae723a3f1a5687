/**
 * Worker thread for hash-pool.ts: settles files of each table it is sent,
 * beside the main thread, until none is left to claim (see hash-files.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fileHasher, fileHasherOf } from './hash.js';
import { allClaimed, settleClaimed, settler, viewTable, type Failure } from './hash-files.js';
import type { HashJob, HashJobReport, HashWorkerData } from './hash-pool.js';
import { sharedRows } from './stat-cache.js';

const port = parentPort;
/** The main thread's compiled xxhash module, when it had one (see hash-pool's HashWorkerData). */
const given = (workerData as HashWorkerData | null)?.module ?? null;
// No top-level await: the bundle builds this file as CommonJS (a worker started on an ES module first
// starts Node's ES module loader, milliseconds of its start-up). Jobs posted meanwhile wait in the port.
if (port !== null) {
  void (given === null ? fileHasher() : Promise.resolve(fileHasherOf(given))).then((hasher) => port.on('message', (job: HashJob) => {
    const failures: Failure[] = [];
    if (!allClaimed(new Int32Array(job.buffers.counters), job.count)) { // Else the main thread got there first.
      const s = settler(hasher, sharedRows(job.cache), job.slot);
      settleClaimed(viewTable(job.root, job.first, job.rels.split('\0'), job.buffers), s);
      failures.push(...s.failures);
    }
    port.postMessage({ id: job.id, failures } satisfies HashJobReport);
  }));
}
