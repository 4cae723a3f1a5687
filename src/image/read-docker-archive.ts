import { createHash } from 'node:crypto';
import path from 'node:path';
import { assembleImage, type LayerRef } from './assemble.js';
import { decompress, peek, sniffCompression } from './decompress.js';
import { ImageReadError } from './errors.js';
import { parseDockerManifest, parseImageConfig, parseJson, type OciDescriptor } from './image-json.js';
import { IMAGE_LIMITS, limitError } from './limits.js';
import { blobPath, checkBlob, resolveOciImage } from './oci-manifest.js';
import { addEntries, scanLayer, type ScannedLayer } from './scan-layer.js';
import { looksLikeTar, readTar } from './tar/read-tar.js';
import type { ParsedImage } from './types.js';


export interface ArchiveOptions {
  /** Names the archive in messages and in the report. */
  readonly location: string;
  /** Which image to take when the archive holds several (a RepoTag); default the first. */
  readonly image?: string;
  /** "os/arch" to choose from a multi-platform OCI index. */
  readonly platform: string;
}

/**
 * Reads a `docker save` tarball in one streaming pass: the legacy layout
 * (manifest.json + <id>/layer.tar) and the OCI layout newer Docker writes
 * (index.json + blobs/, with manifest.json beside), plain or gzipped.
 * Layers are scanned as they stream by, since manifest.json usually comes last.
 */
export async function readDockerArchive(chunks: AsyncIterable<Uint8Array>, options: ArchiveOptions): Promise<ParsedImage> {
  const contents = await collect(chunks, options.location);
  for (const name of ['manifest.json', 'index.json']) {
    if (contents.oversized.has(name)) throw absent(contents, name, `${options.location}: ${name}`);
  }
  if (contents.small.has('manifest.json')) return fromDockerManifest(contents, options);
  if (contents.small.has('index.json')) return fromOciIndex(contents, options);
  throw new ImageReadError('E_NOT_IMAGE', `${options.location} is a tar archive but not a container image: it has neither manifest.json (docker save) nor index.json (OCI layout)`);
}

interface ArchiveContents {
  /** Whole small files by normalized path. */
  readonly small: Map<string, Buffer>;
  /** Scanned layer blobs (or why they could not be read) by normalized path. */
  readonly layers: Map<string, ScannedLayer | ImageReadError>;
  /** Symlinks and hard links: docker save links a layer it already wrote. */
  readonly links: Map<string, string>;
  /** Files that are not layers and too large to be an index, manifest or config. */
  readonly oversized: Set<string>;
}

async function collect(chunks: AsyncIterable<Uint8Array>, location: string): Promise<ArchiveContents> {
  const contents: ArchiveContents = { small: new Map(), layers: new Map(), links: new Map(), oversized: new Set() };
  let kept = 0;
  let entries = 0;
  const { head, all } = await peek(chunks, 4);
  const compression = sniffCompression(head);
  const outer = decompress(all, compression, location);
  for await (const { header, body } of readTar(outer, location)) {
    const name = normalize(header.name);
    if (header.type === 'symlink') contents.links.set(name, normalize(path.posix.join(path.posix.dirname(name), header.linkname)));
    else if (header.type === 'hardlink') contents.links.set(name, normalize(header.linkname));
    if (header.type !== 'file') continue;
    const peeked = await peek(body, 512);
    if (sniffCompression(peeked.head) !== 'none' || looksLikeTar(peeked.head)) {
      const scanned = await scanOrReason(peeked.all, `${location}: layer ${name}`);
      entries = addEntries(entries, scanned, location);
      contents.layers.set(name, scanned);
    } else if (header.size <= IMAGE_LIMITS.jsonBytes) {
      // Small files (manifests, configs) are kept whole, up to a total; larger ones are only remembered by size.
      kept += header.size;
      if (kept > IMAGE_LIMITS.metadataBytes) throw limitError(`${location}: ${name}`, `the archive holds more than ${IMAGE_LIMITS.metadataBytes / (1024 * 1024)} MiB of files that are not layers`);
      const parts: Buffer[] = [];
      for await (const part of peeked.all) parts.push(part);
      contents.small.set(name, Buffer.concat(parts));
    } else contents.oversized.add(name);
  }
  // The gzip trailer (CRC and length) comes after the tar's end blocks: read it, so a cut file is an error.
  if (compression !== 'none') await drain(outer, TRAILER_READ_BYTES);
  return contents;
}

/** How much of a compressed archive's tail past the tar's end is read to reach its trailer (tar pads to 10 KiB records). */
const TRAILER_READ_BYTES = 1024 * 1024;

async function drain(chunks: AsyncGenerator<Buffer>, atMost: number): Promise<void> {
  let seen = 0;
  for await (const chunk of chunks) {
    seen += chunk.length;
    if (seen > atMost) break;
  }
}

/** A broken blob only matters if the manifest uses it, so its error is kept, not thrown. */
async function scanOrReason(chunks: AsyncIterable<Buffer>, what: string): Promise<ScannedLayer | ImageReadError> {
  try {
    return await scanLayer(chunks, what);
  } catch (err) {
    if (err instanceof ImageReadError) return err;
    throw err;
  }
}

function fromDockerManifest(contents: ArchiveContents, options: ArchiveOptions): ParsedImage {
  const entries = parseDockerManifest(parseJson(contents.small.get('manifest.json')!, `${options.location}: manifest.json`), `${options.location}: manifest.json`);
  const entry = options.image ? entries.find((e) => e.repoTags.includes(options.image!)) : entries[0];
  if (!entry) {
    const tags = entries.flatMap((e) => e.repoTags).join(', ') || 'none';
    throw new ImageReadError('E_NOT_FOUND', `${options.location} has no image tagged ${options.image} (tags: ${tags})`);
  }
  const configPath = resolve(contents, entry.config, options.location);
  const configBytes = contents.small.get(configPath);
  if (!configBytes) throw absent(contents, configPath, `${options.location}: the image config ${entry.config} named in manifest.json`);
  const config = parseImageConfig(parseJson(configBytes, `${options.location}: ${entry.config}`), `${options.location}: ${entry.config}`);
  if (entry.layers.length > IMAGE_LIMITS.layers) throw limitError(`${options.location}: manifest.json`, `the image has ${entry.layers.length} layers, more than ${IMAGE_LIMITS.layers}`);
  const refs = entry.layers.map((layer): LayerRef => ({ name: layer, scanned: contents.layers.get(resolve(contents, layer, options.location)) }));
  const kind = contents.small.has('index.json') ? 'oci-archive' : 'docker-archive';
  return assembleImage({ kind, location: options.location }, sha256(configBytes), entry.repoTags, config, refs);
}

async function fromOciIndex(contents: ArchiveContents, options: ArchiveOptions): Promise<ParsedImage> {
  const what = `${options.location}: index.json`;
  const loadJson = async (d: OciDescriptor, role: string): Promise<unknown> => {
    const bytes = contents.small.get(blobPath(d.digest, options.location));
    const member = `${options.location}: ${role} ${d.digest}`;
    if (!bytes) throw absent(contents, blobPath(d.digest, options.location), member);
    checkBlob(bytes, d, member);
    return parseJson(bytes, member);
  };
  const image = await resolveOciImage(parseJson(contents.small.get('index.json')!, what), loadJson, what, options.platform);
  const config = parseImageConfig(await loadJson(image.config, 'config'), `${options.location}: config ${image.config.digest}`);
  const refs = image.layers.map((l): LayerRef => ({ name: l.digest, expectedDigest: l.digest, scanned: contents.layers.get(blobPath(l.digest, options.location)) }));
  return assembleImage({ kind: 'oci-archive', location: options.location }, image.config.digest, image.refName ? [image.refName] : [], config, refs);
}

function absent(contents: ArchiveContents, name: string, what: string): ImageReadError {
  if (contents.oversized.has(name)) return limitError(what, `it is larger than ${IMAGE_LIMITS.jsonBytes / (1024 * 1024)} MiB`);
  return new ImageReadError('E_MISSING_BLOB', `${what} is missing`);
}

function resolve(contents: ArchiveContents, name: string, location: string): string {
  let at = normalize(name);
  if (at === '..' || at.startsWith('../')) throw new ImageReadError('E_PATH_ESCAPE', `${location}: manifest.json names "${name}", a path that escapes the archive`);
  for (let hops = 0; contents.links.has(at) && hops < 16; hops++) at = contents.links.get(at)!;
  return at;
}

function normalize(name: string): string {
  return path.posix.normalize(name.replace(/^\/+/, '')).replace(/\/$/, '');
}

function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}
