import { ImageReadError } from './errors.js';
import { parseOciIndex, parseOciManifest, type OciDescriptor } from './image-json.js';

/** Reads a blob of the layout as JSON, by digest. */
export type LoadJsonBlob = (digest: string) => Promise<unknown>;

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
 * with several platforms left, `platform` ("os/arch") picks one.
 */
export async function resolveOciImage(index: unknown, load: LoadJsonBlob, what: string, platform: string): Promise<ResolvedOciImage> {
  const candidates = await flatten(parseOciIndex(index, what), load, what, undefined);
  const images = candidates.filter((c) => c.descriptor.platform?.architecture !== 'unknown');
  const chosen = images.length === 1 ? images[0] : images.find((c) => platformOf(c.descriptor) === platform);
  if (!chosen) {
    const list = images.map((c) => platformOf(c.descriptor) || c.descriptor.digest).join(', ');
    throw new ImageReadError('E_UNSUPPORTED', images.length === 0 ? `${what} lists no image manifest` : `${what} holds several images (${list}) and none is for ${platform}`);
  }
  const manifest = parseOciManifest(await load(chosen.descriptor.digest), `manifest ${chosen.descriptor.digest}`);
  return { manifestDigest: chosen.descriptor.digest, ...(chosen.refName ? { refName: chosen.refName } : {}), ...manifest };
}

interface Candidate {
  readonly descriptor: OciDescriptor;
  readonly refName?: string;
}

async function flatten(descriptors: readonly OciDescriptor[], load: LoadJsonBlob, what: string, refName: string | undefined): Promise<Candidate[]> {
  const out: Candidate[] = [];
  for (const d of descriptors) {
    const name = d.annotations?.['io.containerd.image.name'] ?? d.annotations?.['org.opencontainers.image.ref.name'] ?? refName;
    if (INDEX_TYPES.has(d.mediaType)) out.push(...(await flatten(parseOciIndex(await load(d.digest), `index ${d.digest}`), load, what, name)));
    else out.push({ descriptor: d, ...(name ? { refName: name } : {}) });
  }
  return out;
}

function platformOf(d: OciDescriptor): string {
  const p = d.platform;
  return p?.os && p.architecture ? `${p.os}/${p.architecture}` : '';
}

/** "blobs/sha256/<hex>" for a digest, refusing anything that is not a plain digest (no path tricks). */
export function blobPath(digest: string): string {
  const m = /^([a-z0-9]+(?:[.+_-][a-z0-9]+)*):([a-f0-9]{32,})$/.exec(digest);
  if (!m) throw new ImageReadError('E_BAD_JSON', `"${digest}" is not a valid digest`);
  return `blobs/${m[1]}/${m[2]}`;
}
