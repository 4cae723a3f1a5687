import { ImageReadError } from '../errors.js';
import { IMAGE_LIMITS, limitError } from '../limits.js';
import { ByteReader } from './byte-reader.js';

const BLOCK = 512;

export type TarEntryType = 'file' | 'hardlink' | 'symlink' | 'directory' | 'other';

export interface TarHeader {
  /** The entry's path as written in the archive (pax/GNU long names applied). */
  readonly name: string;
  readonly type: TarEntryType;
  readonly size: number;
  readonly linkname: string;
  readonly mode: number;
}

export interface TarEntry {
  readonly header: TarHeader;
  /** The entry's bytes. Read it before asking for the next entry, or it is skipped. */
  readonly body: AsyncIterable<Buffer>;
}

/** Overrides that pax ('x') and GNU ('L', 'K') records set for the next entry. */
interface PendingNames {
  name?: string;
  linkname?: string;
  size?: number;
}

/**
 * Streams the entries of a tar archive (ustar, pax and GNU long names).
 * `what` names the archive in error messages. Throws `ImageReadError` when
 * the input is not a tar or ends inside an entry.
 */
export async function* readTar(chunks: AsyncIterable<Uint8Array>, what: string): AsyncGenerator<TarEntry> {
  const reader = new ByteReader(chunks);
  let pending: PendingNames = {};
  let first = true;
  let finished = false;
  try {
    for (;;) {
      const block = await reader.read(BLOCK);
      if ((block.length === 0 && !first) || (block.length === BLOCK && isZeroBlock(block))) {
        // (some writers omit the end-of-archive blocks)
        finished = true;
        return;
      }
      if (block.length < BLOCK) throw truncated(what, reader.position, first);
      const raw = parseHeader(block, what, first, reader.position - BLOCK);
      first = false;
      const size = pending.size ?? raw.size;
      if (raw.typeflag === 'x' || raw.typeflag === 'g' || raw.typeflag === 'L' || raw.typeflag === 'K') {
        if (size > IMAGE_LIMITS.extendedHeaderBytes) throw limitError(what, `the extended tar header at byte ${reader.position - BLOCK} is ${size} bytes, more than ${IMAGE_LIMITS.extendedHeaderBytes}`);
        const data = await readExact(reader, size, what, raw.name);
        await reader.skip(padding(size));
        if (raw.typeflag === 'x') pending = { ...pending, ...parsePax(data, what, reader.position) };
        else if (raw.typeflag === 'L') pending = { ...pending, name: cString(data) };
        else if (raw.typeflag === 'K') pending = { ...pending, linkname: cString(data) };
        continue; // 'g' (global pax) carries nothing an image layer needs
      }
      const header: TarHeader = {
        name: pending.name ?? raw.name,
        linkname: pending.linkname ?? raw.linkname,
        type: entryType(raw.typeflag),
        size: hasBody(raw.typeflag) ? size : 0,
        mode: raw.mode,
      };
      pending = {};
      const body = new EntryBody(reader, header.size, what, header.name);
      yield { header, body };
      await body.finish();
    }
  } finally {
    // At the end of the archive the source stays open, so a caller can drain (and hash) its padding.
    if (!finished) await reader.close();
  }
}

/** The body of one entry: a one-shot iterable over the next `size` bytes, plus the padding skip. */
class EntryBody implements AsyncIterable<Buffer> {
  private consumed = 0;
  constructor(
    private readonly reader: ByteReader,
    private readonly size: number,
    private readonly what: string,
    private readonly name: string,
  ) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    for await (const piece of this.reader.pieces(this.size - this.consumed)) {
      this.consumed += piece.length;
      yield piece;
    }
    if (this.consumed < this.size) throw truncated(this.what, this.reader.position, false, this.name);
  }

  async finish(): Promise<void> {
    const left = this.size - this.consumed;
    if (left > 0 && (await this.reader.skip(left)) < left) throw truncated(this.what, this.reader.position, false, this.name);
    this.consumed = this.size;
    await this.reader.skip(padding(this.size));
  }
}

interface RawHeader {
  name: string;
  linkname: string;
  typeflag: string;
  size: number;
  mode: number;
}

function parseHeader(block: Buffer, what: string, first: boolean, offset: number): RawHeader {
  if (!checksumMatches(block)) {
    throw new ImageReadError('E_NOT_TAR', first ? `${what} is not a tar archive (its first block is not a tar header)` : `${what} is corrupt: the tar header at byte ${offset} fails its checksum`);
  }
  const name = cString(block.subarray(0, 100));
  const magic = block.subarray(257, 263).toString('latin1');
  const prefix = magic.startsWith('ustar') ? cString(block.subarray(345, 500)) : '';
  return {
    name: prefix ? `${prefix}/${name}` : name,
    linkname: cString(block.subarray(157, 257)),
    typeflag: String.fromCharCode(block[156] ?? 0),
    size: parseSize(block.subarray(124, 136), what, offset),
    mode: parseNumber(block.subarray(100, 108)),
  };
}

function checksumMatches(block: Buffer): boolean {
  const stored = parseNumber(block.subarray(148, 156));
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
  return stored === sum;
}

/** Octal text, or GNU base-256 (high bit set) for sizes of 8 GiB and more. */
function parseNumber(field: Buffer): number {
  if ((field[0] ?? 0) & 0x80) {
    let value = (field[0]! & 0x7f);
    for (let i = 1; i < field.length; i++) value = value * 256 + field[i]!;
    return value;
  }
  const text = cString(field).trim();
  return text === '' ? 0 : parseInt(text, 8);
}

function parseSize(field: Buffer, what: string, offset: number): number {
  const size = parseNumber(field);
  if (!Number.isSafeInteger(size) || size < 0) throw new ImageReadError('E_NOT_TAR', `${what} is corrupt: the tar header at byte ${offset} has no valid size`);
  return size;
}

function parsePax(data: Buffer, what: string, position: number): PendingNames {
  const out: PendingNames = {};
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    if (space < 0) break;
    const length = parseInt(data.subarray(at, space).toString('latin1'), 10);
    if (!(length > 0)) break;
    const record = data.subarray(space + 1, at + length - 1).toString('utf8');
    const eq = record.indexOf('=');
    const key = record.slice(0, eq);
    const value = record.slice(eq + 1);
    if (key === 'path') out.name = value;
    else if (key === 'linkpath') out.linkname = value;
    else if (key === 'size') out.size = paxSize(value, what, position);
    at += length;
  }
  return out;
}

/** A pax `size` is a decimal count of bytes; "1.5", "-1" or "1e3" is a corrupt archive, not a size. */
function paxSize(value: string, what: string, position: number): number {
  const size = /^\d{1,15}$/.test(value) ? Number(value) : NaN;
  if (Number.isNaN(size)) throw new ImageReadError('E_NOT_TAR', `${what} is corrupt: the pax header ending at byte ${position} gives size=${JSON.stringify(value.slice(0, 40))}, not a whole number of bytes`);
  return size;
}

async function readExact(reader: ByteReader, size: number, what: string, name: string): Promise<Buffer> {
  const data = await reader.read(size);
  if (data.length < size) throw truncated(what, reader.position, false, name);
  return data;
}

function truncated(what: string, position: number, first: boolean, name?: string): ImageReadError {
  if (first) return new ImageReadError('E_NOT_TAR', `${what} is not a tar archive (it is shorter than one tar header)`);
  const inside = name ? ` inside "${name}"` : '';
  return new ImageReadError('E_TRUNCATED', `${what} is truncated: it ends at byte ${position}${inside}. Save or copy the image again.`);
}

function entryType(flag: string): TarEntryType {
  switch (flag) {
    case '0': case '\0': case '7': return 'file';
    case '1': return 'hardlink';
    case '2': return 'symlink';
    case '5': return 'directory';
    default: return 'other';
  }
}

/** Links, directories and devices declare no body even when the size field is set. */
function hasBody(flag: string): boolean {
  return flag === '0' || flag === '\0' || flag === '7';
}

function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

function cString(buf: Buffer): string {
  const end = buf.indexOf(0);
  return buf.subarray(0, end < 0 ? buf.length : end).toString('utf8');
}

function isZeroBlock(block: Buffer): boolean {
  for (let i = 0; i < block.length; i++) if (block[i] !== 0) return false;
  return true;
}

/** True when a blob starts like a tar archive: a valid header, or an empty archive's zero block. */
export function looksLikeTar(head: Buffer): boolean {
  if (head.length < BLOCK) return false;
  const block = head.subarray(0, BLOCK);
  return isZeroBlock(block) || checksumMatches(block);
}
