/**
 * The limits layerplan enforces on an image, so a hostile archive or layout
 * costs an error naming the source and member, never a hang or gigabytes.
 * Layers are streamed, never held; what is held (JSON documents and each
 * layer's file list) is bounded here. See docs/limits.md.
 */
import { ImageReadError } from './errors.js';

export const IMAGE_LIMITS = {
  /** One index, manifest or config: the 4 MiB registries and containerd accept for a manifest, doubled for configs with long histories. */
  jsonBytes: 8 * 1024 * 1024,
  /** All JSON-sized files an archive holds, together (a docker save has a few KB of them). */
  metadataBytes: 64 * 1024 * 1024,
  /** Nested indexes: a multi-platform image is 2 deep; anything deeper is not an image a builder makes. */
  indexDepth: 4,
  /** Entries in one index (platforms, attestations, tags of a docker save). */
  indexEntries: 1_000,
  /** Layers in one manifest: far past the 128 that overlayfs can stack (Docker: "max depth exceeded"). */
  layers: 1_000,
  /**
   * Files in one layer, and in all layers of an image together. The report holds ~1.2 KB per file
   * (measured: 200,000 files took 288 MB with --json), so this keeps any image under 300 MB.
   */
  layerEntries: 150_000,
  imageEntries: 150_000,
  /** One pax or GNU long-name record: names and link targets are at most a few KB. */
  extendedHeaderBytes: 1024 * 1024,
} as const;

export type ImageLimitName = keyof typeof IMAGE_LIMITS;

export function limitError(what: string, message: string): ImageReadError {
  return new ImageReadError('E_LIMIT', `${what}: ${message} (layerplan's limit)`);
}
