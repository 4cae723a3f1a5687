import { createHash } from 'node:crypto';
import path from 'node:path';
import { decompress, peek, sniffCompression, type Compression } from './decompress.js';
import { ImageReadError } from './errors.js';
import { IMAGE_LIMITS, limitError } from './limits.js';
import { readTar, type TarEntryType } from './tar/read-tar.js';
import type { LayerEntry } from './types.js';

/** What one pass over a layer blob learns: both digests, both sizes, and its file list. */
export interface ScannedLayer {
  /** sha256 of the bytes as stored (the blob digest). */
  readonly digest: string;
  readonly storedSize: number;
  readonly compression: Compression;
  /** sha256 of the uncompressed tar (the diff id). */
  readonly diffId: string;
  readonly size: number;
  readonly entries: readonly LayerEntry[];
}

/**
 * Reads a layer blob once, as a stream: hashes the stored bytes, decompresses,
 * hashes the tar, and lists its entries without keeping any file content.
 * `what` names the layer in error messages.
 */
export async function scanLayer(chunks: AsyncIterable<Uint8Array>, what: string): Promise<ScannedLayer> {
  const { head, all } = await peek(chunks, 4);
  const compression = sniffCompression(head);
  const stored = counted(all);
  const plain = compression === 'none' ? stored : counted(decompress(stored.chunks, compression, what));
  const entries: LayerEntry[] = [];
  for await (const { header } of readTar(plain.chunks, what)) {
    const entry = toLayerEntry(header.name, header.type, header.size, header.linkname, what);
    if (entry) entries.push(entry);
    if (entries.length > IMAGE_LIMITS.layerEntries) throw limitError(what, `it holds more than ${IMAGE_LIMITS.layerEntries} files`);
  }
  for await (const _ of plain.chunks); // padding after the end-of-archive blocks still counts toward the digest
  return {
    digest: stored.digest(),
    storedSize: stored.size(),
    compression,
    diffId: plain.digest(),
    size: plain.size(),
    entries,
  };
}

/** Normalizes a layer path to "a/b" form; throws if it climbs out of the root. Null for the root itself. */
export function toLayerEntry(name: string, type: TarEntryType, size: number, linkname: string, what: string): LayerEntry | null {
  // Docker joins the name onto the root and refuses what then lies outside it, leading "/" or not.
  const rel = path.posix.normalize(name.replace(/^\/+/, '') || '.');
  if (rel === '..' || rel.startsWith('../')) {
    throw new ImageReadError('E_PATH_ESCAPE', `${what} has an entry "${name}" whose path escapes the image root; refusing to read this image`);
  }
  const clean = rel.replace(/\/$/, '');
  if (clean === '.') return null;
  return type === 'symlink' || type === 'hardlink' ? { path: clean, type, size, linkTarget: linkname } : { path: clean, type, size };
}

interface Counted {
  readonly chunks: AsyncGenerator<Buffer>;
  digest(): string;
  size(): number;
}

function counted(source: AsyncIterable<Buffer>): Counted {
  const hash = createHash('sha256');
  let size = 0;
  async function* pass(): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      hash.update(chunk);
      size += chunk.length;
      yield chunk;
    }
  }
  let digest: string | undefined;
  return {
    chunks: pass(),
    digest: () => (digest ??= `sha256:${hash.digest('hex')}`),
    size: () => size,
  };
}

/** Adds a layer's file count to an image's running total; past IMAGE_LIMITS.imageEntries it is an error naming the source. */
export function addEntries(total: number, scanned: ScannedLayer | ImageReadError | undefined, source: string): number {
  const sum = total + (scanned && !(scanned instanceof ImageReadError) ? scanned.entries.length : 0);
  if (sum > IMAGE_LIMITS.imageEntries) throw limitError(source, `its layers hold more than ${IMAGE_LIMITS.imageEntries} files together`);
  return sum;
}
