import { createHash } from 'node:crypto';
import { ImageReadError } from './errors.js';
import { parseOciIndex, parseOciManifest, type OciDescriptor } from './image-json.js';
import { IMAGE_LIMITS, limitError } from './limits.js';

/**
 * Reads a blob of the image as JSON, by its descriptor; `role` ("index",
 * "manifest", "config") names it in messages. Implementations check the
 * blob against the descriptor (`checkBlob`) before parsing it.
 */
export type LoadJsonBlob = (descriptor: OciDescriptor, role: string) => Promise<unknown>;

export interface ResolvedOciImage {
  readonly manifestDigest: string;
  readonly refName?: string;
  readonly config: OciDescriptor;
  readonly layers: readonly OciDescriptor[];
}

const INDEX_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);

/**
 * Walks an OCI index down to one image manifest. Nested indexes (a
 * multi-platform image) are flattened; attestation manifests are dropped;
 * with several platforms left, `platform` ("os/arch") picks one. An index
 * that lists itself (or an ancestor) is an error; one listed twice is read once.
 */
export async function resolveOciImage(index: unknown, load: LoadJsonBlob, what: string, platform: string): Promise<ResolvedOciImage> {
  const walk: Walk = { load, seen: new Set(), what };
  const candidates = dedupe(await flatten(entriesOf(index, what), walk, [], undefined));
  const images = candidates.filter((c) => c.descriptor.platform?.architecture !== 'unknown');
  const chosen = images.length === 1 ? images[0] : images.find((c) => platformOf(c.descriptor) === platform);
  if (!chosen) {
    const list = images.map((c) => platformOf(c.descriptor) || c.descriptor.digest).join(', ');
    throw new ImageReadError('E_UNSUPPORTED', images.length === 0 ? `${what} lists no image manifest` : `${what} holds several images (${list}) and none is for ${platform}`);
  }
  const manifestWhat = `${what}, manifest ${chosen.descriptor.digest}`;
  const manifest = parseOciManifest(await load(chosen.descriptor, 'manifest'), manifestWhat);
  if (manifest.layers.length > IMAGE_LIMITS.layers) throw limitError(manifestWhat, `it lists ${manifest.layers.length} layers, more than ${IMAGE_LIMITS.layers}`);
  return { manifestDigest: chosen.descriptor.digest, ...(chosen.refName ? { refName: chosen.refName } : {}), ...manifest };
}

interface Candidate {
  readonly descriptor: OciDescriptor;
  readonly refName?: string;
}

interface Walk {
  readonly load: LoadJsonBlob;
  /** Nested indexes already read: a repeat adds nothing. */
  readonly seen: Set<string>;
  /** The top index, as messages name it ("<source>: index.json"). */
  readonly what: string;
}

function entriesOf(index: unknown, what: string): OciDescriptor[] {
  const entries = parseOciIndex(index, what);
  if (entries.length > IMAGE_LIMITS.indexEntries) throw limitError(what, `it lists ${entries.length} manifests, more than ${IMAGE_LIMITS.indexEntries}`);
  return entries;
}

async function flatten(descriptors: readonly OciDescriptor[], walk: Walk, path: readonly string[], refName: string | undefined): Promise<Candidate[]> {
  const out: Candidate[] = [];
  for (const d of descriptors) {
    const name = d.annotations?.['io.containerd.image.name'] ?? d.annotations?.['org.opencontainers.image.ref.name'] ?? refName;
    if (!INDEX_TYPES.has(d.mediaType)) {
      out.push({ descriptor: d, ...(name ? { refName: name } : {}) });
      continue;
    }
    const what = `${walk.what}, index ${d.digest}`;
    if (path.includes(d.digest)) throw new ImageReadError('E_NOT_IMAGE', `${what} lists itself (through ${path.length} nested indexes); the image is malformed`);
    if (walk.seen.has(d.digest)) continue;
    if (path.length >= IMAGE_LIMITS.indexDepth) throw limitError(what, `indexes are nested more than ${IMAGE_LIMITS.indexDepth} deep`);
    walk.seen.add(d.digest);
    out.push(...(await flatten(entriesOf(await walk.load(d, 'index'), what), walk, [...path, d.digest], name)));
  }
  return out;
}

/** The same manifest listed again (a docker save lists one per tag) is one candidate: the first, with its name. */
function dedupe(candidates: readonly Candidate[]): Candidate[] {
  const byDigest = new Map<string, Candidate>();
  for (const c of candidates) if (!byDigest.has(c.descriptor.digest)) byDigest.set(c.descriptor.digest, c);
  return [...byDigest.values()];
}

function platformOf(d: OciDescriptor): string {
  const p = d.platform;
  return p?.os && p.architecture ? `${p.os}/${p.architecture}` : '';
}

/** "blobs/sha256/<hex>" for a digest, refusing anything that is not a plain digest (no path tricks). `source` names the image. */
export function blobPath(digest: string, source: string): string {
  const m = /^([a-z0-9]+(?:[.+_-][a-z0-9]+)*):([a-f0-9]{32,})$/.exec(digest);
  if (!m) throw new ImageReadError('E_BAD_JSON', `${source}: ${JSON.stringify(digest.slice(0, 100))} is not a valid digest`);
  return `blobs/${m[1]}/${m[2]}`;
}

/** A JSON blob is trusted only once its size and digest are the descriptor's. `member` names it. */
export function checkBlob(bytes: Buffer, d: OciDescriptor, member: string): void {
  if (d.size !== undefined && d.size !== bytes.length) {
    throw new ImageReadError('E_DIGEST_MISMATCH', `${member} is ${bytes.length} bytes but its descriptor says ${d.size}; the image is damaged`);
  }
  const algorithm = d.digest.slice(0, d.digest.indexOf(':'));
  if (algorithm !== 'sha256' && algorithm !== 'sha512') throw new ImageReadError('E_UNSUPPORTED', `${member}: digest algorithm "${algorithm}" is not supported (sha256, sha512)`);
  const actual = `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
  if (actual !== d.digest) throw new ImageReadError('E_DIGEST_MISMATCH', `${member} hashes to ${actual}; the image is damaged`);
}
