/**
 * Reads exact byte counts from a stream of chunks without concatenating the
 * whole stream: at most one chunk is held back between reads, so a
 * multi-gigabyte tar passes through in constant memory.
 */
export class ByteReader {
  private readonly source: AsyncIterator<Uint8Array>;
  private pending: Buffer = Buffer.alloc(0);
  private done = false;
  /** Bytes handed out so far (for "truncated at byte N" messages). */
  position = 0;

  constructor(chunks: AsyncIterable<Uint8Array>) {
    this.source = chunks[Symbol.asyncIterator]();
  }

  /** Exactly `n` bytes, or fewer when the stream ends first. */
  async read(n: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    let have = 0;
    for await (const piece of this.pieces(n)) {
      parts.push(piece);
      have += piece.length;
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts, have);
  }

  /** Yields the next `n` bytes in the pieces they arrive in; stops early at end of stream. */
  async *pieces(n: number): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (this.pending.length === 0 && !(await this.fill())) return;
      const take = Math.min(left, this.pending.length);
      const piece = this.pending.subarray(0, take);
      this.pending = this.pending.subarray(take);
      left -= take;
      this.position += take;
      yield piece;
    }
  }

  /** Discards `n` bytes; returns how many were really there. */
  async skip(n: number): Promise<number> {
    let skipped = 0;
    for await (const piece of this.pieces(n)) skipped += piece.length;
    return skipped;
  }

  /** Releases the source when the caller stops early (errors, first-match reads). */
  async close(): Promise<void> {
    this.done = true;
    await this.source.return?.();
  }

  private async fill(): Promise<boolean> {
    while (!this.done) {
      const next = await this.source.next();
      if (next.done) {
        this.done = true;
        return false;
      }
      if (next.value.length > 0) {
        this.pending = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value.buffer, next.value.byteOffset, next.value.length);
        return true;
      }
    }
    return false;
  }
}
