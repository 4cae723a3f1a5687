/**
 * Worker thread for hash-pool.ts: hashes the files it is sent, one batch at a
 * time, with sync reads into one reusable buffer.
 */
import { parentPort } from 'node:worker_threads';
import { CHUNK_BYTES, hashFileSync, xxhashApi } from './hash.js';

export interface HashBatch {
  readonly id: number;
  readonly paths: readonly string[];
}

/** Per path: [digest, size] or the errno code that stopped the read. */
export type HashOutcome = readonly [digest: string, size: number] | string;

export interface HashBatchResult {
  readonly id: number;
  readonly outcomes: readonly HashOutcome[];
}

const port = parentPort;
if (port !== null) {
  const x = await xxhashApi();
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  port.on('message', (batch: HashBatch) => {
    const outcomes = batch.paths.map((abs): HashOutcome => {
      try {
        const { digest, size } = hashFileSync(x, abs, buffer);
        return [digest, size];
      } catch (err) {
        return (err as NodeJS.ErrnoException).code ?? String(err);
      }
    });
    port.postMessage({ id: batch.id, outcomes } satisfies HashBatchResult);
  });
}
