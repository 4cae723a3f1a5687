import { ImageReadError } from './errors.js';
import type { ScannedLayer } from './scan-layer.js';
import type { ImageConfig, ImageSource, ParsedImage, ParsedLayer } from './types.js';

/** A layer the manifest names, and what scanning its blob gave (or why it failed). */
export interface LayerRef {
  /** How the manifest names it: a path in the archive or a digest. */
  readonly name: string;
  /** The digest the manifest promises for the stored blob, when it gives one. */
  readonly expectedDigest?: string;
  readonly scanned: ScannedLayer | ImageReadError | undefined;
}

/**
 * Joins config and scanned layers into a `ParsedImage`, checking what the
 * manifest and config promise: every layer present, digests and diff ids equal.
 */
export function assembleImage(source: ImageSource, id: string, repoTags: readonly string[], config: ImageConfig, refs: readonly LayerRef[]): ParsedImage {
  if (refs.length !== config.diffIds.length) {
    throw new ImageReadError('E_NOT_IMAGE', `${source.location}: the manifest lists ${refs.length} layers but the config's rootfs has ${config.diffIds.length}`);
  }
  const layers = refs.map((ref, i): ParsedLayer => {
    const scanned = ref.scanned;
    if (scanned === undefined) throw new ImageReadError('E_MISSING_BLOB', `${source.location}: layer ${i + 1} (${ref.name}) is missing from the image`);
    if (scanned instanceof ImageReadError) throw scanned;
    if (ref.expectedDigest && ref.expectedDigest !== scanned.digest) {
      throw new ImageReadError('E_DIGEST_MISMATCH', `${source.location}: layer ${i + 1} should have digest ${ref.expectedDigest} but its content hashes to ${scanned.digest}`);
    }
    const diffId = config.diffIds[i]!;
    if (diffId !== scanned.diffId) {
      throw new ImageReadError('E_DIGEST_MISMATCH', `${source.location}: layer ${i + 1} (${ref.name}) should uncompress to ${diffId} but hashes to ${scanned.diffId}; the image is damaged`);
    }
    return { ...scanned, diffId };
  });
  return { source, id, repoTags, config, layers };
}
