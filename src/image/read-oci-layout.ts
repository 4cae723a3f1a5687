import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { assembleImage, type LayerRef } from './assemble.js';
import { ImageReadError } from './errors.js';
import { parseImageConfig, parseJson } from './image-json.js';
import { blobPath, resolveOciImage } from './oci-manifest.js';
import { scanLayer } from './scan-layer.js';
import type { ParsedImage } from './types.js';

/**
 * Reads an OCI image layout directory (`skopeo copy … oci:DIR`,
 * `buildah push … oci:DIR`): index.json → manifest → config, and each
 * layer blob streamed from its file.
 */
export async function readOciLayout(dir: string, platform: string): Promise<ParsedImage> {
  const indexPath = path.join(dir, 'index.json');
  const indexBytes = await readFile(indexPath).catch(() => {
    throw new ImageReadError('E_NOT_IMAGE', `${dir} is a directory but not an OCI image layout: it has no index.json`);
  });
  const loadJson = async (digest: string): Promise<unknown> => parseJson(await readBlob(dir, digest), `${dir}: blob ${digest}`);
  const image = await resolveOciImage(parseJson(indexBytes, indexPath), loadJson, indexPath, platform);
  const config = parseImageConfig(await loadJson(image.config.digest), `${dir}: config ${image.config.digest}`);
  const refs: LayerRef[] = [];
  for (const layer of image.layers) {
    refs.push({ name: layer.digest, expectedDigest: layer.digest, scanned: await scanBlobFile(dir, layer.digest) });
  }
  return assembleImage({ kind: 'oci-layout', location: dir }, image.config.digest, image.refName ? [image.refName] : [], config, refs);
}

async function readBlob(dir: string, digest: string): Promise<Buffer> {
  return readFile(path.join(dir, blobPath(digest))).catch(() => {
    throw missing(dir, digest);
  });
}

async function scanBlobFile(dir: string, digest: string): Promise<Awaited<ReturnType<typeof scanLayer>> | undefined> {
  const file = path.join(dir, blobPath(digest));
  const exists = await stat(file).then((s) => s.isFile(), () => false);
  if (!exists) return undefined;
  return scanLayer(createReadStream(file, { highWaterMark: 1024 * 1024 }), `${dir}: layer ${digest}`);
}

function missing(dir: string, digest: string): ImageReadError {
  return new ImageReadError('E_MISSING_BLOB', `${dir}: blob ${digest} is missing (expected at ${blobPath(digest)})`);
}
