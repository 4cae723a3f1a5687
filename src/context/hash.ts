/**
 * Content hashing at the edge: xxhash-wasm is initialised once, lazily, here,
 * and the core only ever sees a `HashFn`. File digests are hex XXH64 (seed 0),
 * the same value `xxhsum` prints.
 *
 * Files are hashed by FileHasher, our own glue over xxhash-wasm's compiled
 * module: xxhash-wasm's API copies every input into its wasm memory (and a
 * streaming state in and out of it at every update), so a file would be
 * copied twice, kernel to buffer and buffer to wasm. FileHasher reads each
 * file straight into its own instance's memory and hashes it there.
 */
import { closeSync, openSync } from 'node:fs';
import xxhash, { type XXHashAPI } from 'xxhash-wasm';
import type { HashFn } from '../key/types.js';
import { fdIo, type FdIo } from './fd-io.js';

export type { HashFn };

/** A compiled wasm module (opaque here). */
export type WasmModule = object;

/** The few parts of the WebAssembly JS API used here (neither lib ES2022 nor @types/node 20 declares them). */
interface WasmApi {
  readonly Module: abstract new (...args: never[]) => WasmModule;
  readonly Instance: new (module: WasmModule) => { readonly exports: unknown };
  instantiate(source: unknown, imports?: unknown): Promise<unknown>;
}

const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface Loaded {
  readonly api: XXHashAPI;
  /** Null where it could not be kept (WebAssembly frozen, as by --frozen-intrinsics): FileHasher then goes through the API. */
  readonly module: WasmModule | null;
}

let loaded: Promise<Loaded> | null = null;
/** The compiled module once load() has it (null before, or where it could not be kept). */
let compiled: WasmModule | null = null;

/** xxhash-wasm's API and its compiled module, made on first use. */
function load(): Promise<Loaded> {
  loaded ??= instantiateWatched().then((l) => ((compiled = l.module), l));
  return loaded;
}

/**
 * The compiled module, when this thread has made it (else null): a worker
 * given it (it posts as a WebAssembly.Module) makes its instance at once
 * (fileHasherOf), where compiling its own took ~5-15 ms of its start-up.
 */
export function compiledModule(): WasmModule | null {
  return compiled;
}

/**
 * Calls xxhash() with WebAssembly.instantiate watched, to keep the module it
 * compiles (its API does not expose it). The watch lasts only for xxhash()'s
 * synchronous start, where it instantiates, before its first await.
 */
function instantiateWatched(): Promise<Loaded> {
  const original = wasmApi.instantiate;
  let module: Promise<WasmModule> | undefined;
  // Given bytes, instantiate resolves to { module, instance }; given a module, to the instance alone.
  const watched: WasmApi['instantiate'] = (source, imports) => {
    const made = original.call(wasmApi, source, imports);
    module ??= made.then((r) => (source instanceof wasmApi.Module ? source : (r as { module: WasmModule }).module));
    return made;
  };
  let api: Promise<XXHashAPI>;
  try {
    wasmApi.instantiate = watched; // Throws, or does nothing (sloppy mode), where WebAssembly is frozen.
  } catch {
    // Not watched: no module.
  }
  try {
    api = xxhash();
  } finally {
    if (wasmApi.instantiate === watched) wasmApi.instantiate = original;
  }
  return Promise.all([api, module ?? null]).then(([a, m]) => ({ api: a, module: m }));
}

/** Whether FileHasher hashes in its own wasm memory (the module was kept), not through the API. */
export async function hashesInPlace(): Promise<boolean> {
  return (await load()).module !== null;
}

/** The xxhash-wasm instance, compiled on first use. */
export async function xxhashApi(): Promise<XXHashAPI> {
  return (await load()).api;
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

/** The exports of xxhash-wasm's module that FileHasher drives (exported for tests) (pointers are byte offsets into `mem`; seeds and digests are i64). */
export interface XXHashExports {
  readonly mem: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  readonly xxh64: (at: number, length: number, seed: bigint) => bigint;
  readonly init64: (state: number, seed: bigint) => void;
  readonly update64: (state: number, at: number, length: number) => void;
  readonly digest64: (state: number) => bigint;
}

/** Where a FileHasher's memory holds the streaming state (XXH64's is 88 bytes), and where its read buffer starts after it. */
const STATE_AT = 0;
const STATE_BYTES = 88;
const BUFFER_AT = 128;
const WASM_PAGE = 65536;

/**
 * Hashes files by reading them into its own wasm instance's memory, one
 * buffer of `chunkBytes` reused for every file, so memory stays flat whatever
 * the file size and no per-file Buffer is made. One per thread (an instance
 * is not shared). Sync on purpose: with the page cache warm a sync read is
 * several times cheaper than a promise round trip per call, and parallelism
 * comes from hashing in worker threads instead (see hash-pool.ts).
 */
export class FileHasher {
  private readonly wasm: XXHashExports;
  private readonly state: Uint8Array;
  private readonly buffer: Uint8Array;

  constructor(
    exports: XXHashExports,
    chunkBytes: number,
    private readonly io: FdIo,
  ) {
    this.wasm = exports;
    const mem = this.wasm.mem;
    const short = BUFFER_AT + chunkBytes - mem.buffer.byteLength;
    if (short > 0) mem.grow(Math.ceil(short / WASM_PAGE));
    // Made after the grow, which detaches the old buffer.
    this.state = new Uint8Array(mem.buffer, STATE_AT, STATE_BYTES);
    this.buffer = new Uint8Array(mem.buffer, BUFFER_AT, chunkBytes);
  }

  /**
   * Writes the hex XXH64 of an open file's bytes, from its current offset,
   * into `into` at `at` (16 bytes); returns how many bytes there
   * were. `statSize` (the size fstat gave, or -1) lets a short read that
   * reaches it count as the end of the file, which saves the read that would
   * only return 0.
   */
  hashFd(fd: number, statSize: number, into: Uint8Array, at: number): number {
    const { xxh64, init64, update64, digest64 } = this.wasm;
    const first = this.readFull(fd, statSize);
    if (first < this.buffer.length) {
      writeHex(xxh64(BUFFER_AT, first, 0n), into, at);
      return first;
    }
    this.state.fill(0); // As xxhash-wasm does before init64, which leaves the last file's length and pending bytes.
    init64(STATE_AT, 0n);
    let size = first;
    let n = first;
    while (n > 0) {
      update64(STATE_AT, BUFFER_AT, n);
      n = this.readFull(fd, statSize < 0 ? -1 : statSize - size);
      size += n;
    }
    writeHex(digest64(STATE_AT), into, at);
    return size;
  }

  /** Fills the buffer unless the end of the file comes first (a read of 0, or a short read reaching `expect` bytes); returns the bytes read. */
  private readFull(fd: number, expect: number): number {
    const buffer = this.buffer;
    let filled = 0;
    while (filled < buffer.length) {
      const n = this.io.read(fd, buffer, filled, buffer.length - filled);
      filled += n;
      if (n === 0 || (expect >= 0 && filled >= expect && filled < buffer.length)) break;
    }
    return filled;
  }
}

const HEX = Buffer.from('0123456789abcdef', 'latin1');
/** The digest's two 32-bit halves, without a BigInt operation or a string per file. */
const halves = new DataView(new ArrayBuffer(8));

/** Writes the wasm i64 digest (a signed BigInt, stored modulo 2^64) as the 16 lowercase hex digits hex64 prints. */
function writeHex(digest: bigint, into: Uint8Array, at: number): void {
  halves.setBigUint64(0, digest);
  const hi = halves.getUint32(0);
  const lo = halves.getUint32(4);
  for (let k = 0; k < 8; k++) {
    into[at + k] = HEX[(hi >>> (28 - 4 * k)) & 15] as number;
    into[at + 8 + k] = HEX[(lo >>> (28 - 4 * k)) & 15] as number;
  }
}

/** A new instance of xxhash-wasm's module: its exports, with a memory of its own. */
function instanceOf(module: WasmModule): XXHashExports {
  return new wasmApi.Instance(module).exports as XXHashExports;
}

/**
 * The same exports made of xxhash-wasm's API, over a plain buffer, for where
 * the module could not be kept: each input is copied into the API's wasm
 * memory, as before FileHasher.
 */
export function viaApi(api: XXHashAPI, chunkBytes: number): XXHashExports {
  const bytes = new Uint8Array(BUFFER_AT + chunkBytes);
  let state = api.create64();
  return {
    mem: { buffer: bytes.buffer, grow: () => 0 },
    xxh64: (at, length, seed) => api.h64Raw(bytes.subarray(at, at + length), seed),
    init64: (_, seed) => {
      state = api.create64(seed);
    },
    update64: (_, at, length) => {
      state.update(bytes.subarray(at, at + length));
    },
    digest64: () => state.digest(),
  };
}

let threadHasher: Promise<FileHasher> | null = null;

/** This thread's FileHasher, made on first use (its hashFd is sync, so everything on the thread can share it). */
export function fileHasher(): Promise<FileHasher> {
  threadHasher ??= load().then((l) => (l.module === null ? new FileHasher(viaApi(l.api, CHUNK_BYTES), CHUNK_BYTES, fdIo()) : fileHasherOf(l.module)));
  return threadHasher;
}

/** A FileHasher on its own instance of a module compiledModule() gave (here or in another thread). */
export function fileHasherOf(module: WasmModule): FileHasher {
  return new FileHasher(instanceOf(module), CHUNK_BYTES, fdIo());
}

/** hashFd of a file by path, as a string. */
export function hashFileSync(hasher: FileHasher, absPath: string): { digest: string; size: number } {
  const fd = openSync(absPath, 'r');
  try {
    const digest = Buffer.allocUnsafe(16);
    const size = hasher.hashFd(fd, -1, digest, 0);
    return { digest: digest.toString('latin1'), size };
  } finally {
    closeSync(fd);
  }
}
