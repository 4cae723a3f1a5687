/**
 * Worker thread for hash-pool.ts: hashes the files it is sent, one batch at a
 * time, with sync reads into one reusable buffer.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CHUNK_BYTES, hashOutcome, xxhashApi, type HashOutcome } from './hash.js';

export interface HashBatch {
  readonly id: number;
  readonly paths: readonly string[];
}

export interface HashBatchResult {
  readonly id: number;
  readonly outcomes: readonly HashOutcome[];
}

export interface HashWorkerData {
  /** [0]: batches finished, counted here so the main thread can see it while it is busy (see hash-pool.ts). */
  readonly finished: Int32Array;
}

const port = parentPort;
if (port !== null) {
  const { finished } = workerData as HashWorkerData;
  const x = await xxhashApi();
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  port.on('message', (batch: HashBatch) => {
    const outcomes = batch.paths.map((abs) => hashOutcome(x, abs, buffer));
    port.postMessage({ id: batch.id, outcomes } satisfies HashBatchResult);
    Atomics.add(finished, 0, 1);
  });
}
