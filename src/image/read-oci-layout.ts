import { assembleImage, type LayerRef } from './assemble.js';
import { ImageReadError } from './errors.js';
import { parseImageConfig, parseJson, type OciDescriptor } from './image-json.js';
import { LayoutDir } from './layout-files.js';
import { IMAGE_LIMITS } from './limits.js';
import { blobPath, checkBlob, resolveOciImage } from './oci-manifest.js';
import { addEntries, scanLayer, type ScannedLayer } from './scan-layer.js';
import type { ParsedImage } from './types.js';

/**
 * Reads an OCI image layout directory (`skopeo copy … oci:DIR`,
 * `buildah push … oci:DIR`): index.json → manifest → config, and each
 * layer blob streamed from its file. Every member is opened through
 * LayoutDir (regular files inside the layout only) and checked against its
 * descriptor before it is trusted.
 */
export async function readOciLayout(dir: string, platform: string): Promise<ParsedImage> {
  const layout = await LayoutDir.open(dir);
  const indexMember = `${dir}: index.json`;
  const indexBytes = await layout.readSmall('index.json', indexMember, IMAGE_LIMITS.jsonBytes);
  if (!indexBytes) throw new ImageReadError('E_NOT_IMAGE', `${dir} is a directory but not an OCI image layout: it has no index.json`);
  const loadJson = async (d: OciDescriptor, role: string): Promise<unknown> => {
    const member = `${dir}: ${role} ${d.digest}`;
    const bytes = await layout.readSmall(blobPath(d.digest, dir), member, IMAGE_LIMITS.jsonBytes);
    if (!bytes) throw missing(dir, d.digest);
    checkBlob(bytes, d, member);
    return parseJson(bytes, member);
  };
  const image = await resolveOciImage(parseJson(indexBytes, indexMember), loadJson, indexMember, platform);
  const config = parseImageConfig(await loadJson(image.config, 'config'), `${dir}: config ${image.config.digest}`);
  const refs: LayerRef[] = [];
  let entries = 0;
  for (const layer of image.layers) {
    const scanned = await scanBlobFile(layout, layer);
    entries = addEntries(entries, scanned, dir);
    refs.push({ name: layer.digest, expectedDigest: layer.digest, scanned });
  }
  return assembleImage({ kind: 'oci-layout', location: dir }, image.config.digest, image.refName ? [image.refName] : [], config, refs);
}

/** Streams one layer blob; its size is checked against the descriptor first, its digest by assembleImage after. */
async function scanBlobFile(layout: LayoutDir, d: OciDescriptor): Promise<ScannedLayer | ImageReadError | undefined> {
  const member = `${layout.name}: layer ${d.digest}`;
  const file = await layout.openFile(blobPath(d.digest, layout.name), member);
  if (!file) return undefined;
  try {
    if (d.size !== undefined && d.size !== file.size) {
      return new ImageReadError('E_DIGEST_MISMATCH', `${member} is ${file.size} bytes but its descriptor says ${d.size}; the image is damaged`);
    }
    return await scanLayer(file.handle.createReadStream({ highWaterMark: 1024 * 1024, autoClose: false, start: 0 }), member);
  } finally {
    await file.handle.close();
  }
}

function missing(dir: string, digest: string): ImageReadError {
  return new ImageReadError('E_MISSING_BLOB', `${dir}: blob ${digest} is missing (expected at ${blobPath(digest, dir)})`);
}
