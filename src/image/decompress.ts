import { Decompress as ZstdDecompress } from 'fzstd';
import { Readable, Transform, pipeline } from 'node:stream';
import zlib from 'node:zlib';
import { ImageReadError } from './errors.js';

export type Compression = 'none' | 'gzip' | 'zstd';

/** Tells the compression of a blob from its first bytes (gzip 1f 8b, zstd 28 b5 2f fd). */
export function sniffCompression(head: Uint8Array): Compression {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return 'none';
}

/** The first `n` bytes of a stream, and the whole stream again (those bytes included). */
export async function peek(chunks: AsyncIterable<Uint8Array>, n: number): Promise<{ head: Buffer; all: AsyncGenerator<Buffer> }> {
  const it = chunks[Symbol.asyncIterator]();
  const seen: Buffer[] = [];
  let have = 0;
  let ended = false;
  while (have < n) {
    const next = await it.next();
    if (next.done) { ended = true; break; }
    const buf = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.length);
    seen.push(buf);
    have += buf.length;
  }
  const head = Buffer.concat(seen, have).subarray(0, n);
  async function* all(): AsyncGenerator<Buffer> {
    yield* seen;
    if (ended) return;
    for (let next = await it.next(); !next.done; next = await it.next()) {
      yield Buffer.from(next.value.buffer, next.value.byteOffset, next.value.length);
    }
  }
  return { head, all: all() };
}

/**
 * Decompresses a stream chunk by chunk. Node 20's zlib has no zstd, so zstd
 * goes through fzstd (pure JS) unless this Node has a native one.
 */
export async function* decompress(chunks: AsyncIterable<Buffer>, compression: Compression, what: string): AsyncGenerator<Buffer> {
  if (compression === 'none') {
    yield* chunks;
    return;
  }
  const inflater = compression === 'gzip' ? zlib.createGunzip() : zstdTransform();
  const out = pipeline(Readable.from(chunks, { objectMode: false }), inflater, () => {});
  try {
    for await (const chunk of out) yield chunk as Buffer;
  } catch (err) {
    if (err instanceof ImageReadError) throw err;
    const why = err instanceof Error ? err.message : String(err);
    throw new ImageReadError('E_TRUNCATED', `${what} is not valid ${compression} data (${why}); the file may be truncated or damaged`);
  }
}

function zstdTransform(): Transform {
  const native = (zlib as unknown as { createZstdDecompress?: () => Transform }).createZstdDecompress;
  if (native) return native();
  let push: (chunk: Uint8Array) => void = () => {};
  const decoder = new ZstdDecompress((data) => push(data));
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      push = (data) => this.push(Buffer.from(data));
      try { decoder.push(chunk); done(); } catch (err) { done(err as Error); }
    },
    flush(done) {
      push = (data) => this.push(Buffer.from(data));
      try { decoder.push(new Uint8Array(0), true); done(); } catch (err) { done(err as Error); }
    },
  });
}
