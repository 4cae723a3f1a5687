/**
 * Content hashing at the edge: xxhash-wasm is initialised once, lazily, here,
 * and the core only ever sees a `HashFn`. File digests are hex XXH64 (seed 0),
 * the same value `xxhsum` prints.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import xxhash, { type XXHashAPI } from 'xxhash-wasm';
import type { HashFn } from '../key/types.js';

export type { HashFn };

let api: Promise<XXHashAPI> | null = null;

/** The xxhash-wasm instance, compiled on first use. */
export function xxhashApi(): Promise<XXHashAPI> {
  api ??= xxhash();
  return api;
}

/** A hex XXH64 of a string (UTF-8), for the core. */
export async function createHasher(): Promise<HashFn> {
  const x = await xxhashApi();
  return (data) => x.h64ToString(data);
}

/** Files up to this size are read and hashed in one piece; bigger ones stream through the buffer. */
export const CHUNK_BYTES = 1 << 20;

export function hex64(value: bigint): string {
  return value.toString(16).padStart(16, '0');
}

/**
 * Hex XXH64 of a file's bytes, read with one reusable buffer so memory stays
 * flat whatever the file size. Sync on purpose: with the page cache warm a
 * sync read is several times cheaper than a promise round trip per call, and
 * parallelism comes from hashing in worker threads instead (see hash-pool.ts).
 */
export function hashFileSync(x: XXHashAPI, absPath: string, buffer: Buffer): { digest: string; size: number } {
  const fd = openSync(absPath, 'r');
  try {
    return hashFd(x, fd, buffer);
  } finally {
    closeSync(fd);
  }
}

/**
 * hashFileSync of an open file, from its current offset. `statSize` (the
 * size fstat gave, or -1) lets a short read that reaches it count as the end
 * of the file, which saves the read that would only return 0. xxhash-wasm
 * copies its input into the wasm memory (its API offers no way to read into
 * that memory), so every byte is copied twice: kernel to buffer, buffer to wasm.
 */
export function hashFd(x: XXHashAPI, fd: number, buffer: Buffer, statSize = -1): { digest: string; size: number } {
  const first = readFull(fd, buffer, statSize);
  if (first < buffer.length) return { digest: hex64(x.h64Raw(buffer.subarray(0, first))), size: first };
  const state = x.create64();
  let size = first;
  let n = first;
  while (n > 0) {
    state.update(buffer.subarray(0, n));
    n = readFull(fd, buffer, statSize < 0 ? -1 : statSize - size);
    size += n;
  }
  return { digest: hex64(state.digest()), size };
}

/** Fills the buffer unless the end of the file comes first (a read of 0, or a short read reaching `expect` bytes); returns the bytes read. */
function readFull(fd: number, buffer: Buffer, expect: number): number {
  let filled = 0;
  while (filled < buffer.length) {
    const n = readSync(fd, buffer, filled, buffer.length - filled, null);
    filled += n;
    if (n === 0 || (expect >= 0 && filled >= expect && filled < buffer.length)) break;
  }
  return filled;
}
