import type { Compression } from './decompress.js';

/** One entry of a layer tar, path normalized to "dir/name" (no leading slash). */
export interface LayerEntry {
  readonly path: string;
  readonly type: 'file' | 'hardlink' | 'symlink' | 'directory' | 'other';
  readonly size: number;
  readonly linkTarget?: string;
}

/** One `history` record of the image config (OCI image-spec, oldest first). */
export interface HistoryEntry {
  readonly created?: string;
  readonly createdBy: string;
  readonly comment?: string;
  /** True for metadata-only steps (ENV, CMD…) that added no layer. */
  readonly emptyLayer: boolean;
}

/** The parts of the image config that describe layers and provenance. */
export interface ImageConfig {
  readonly created?: string;
  readonly os?: string;
  readonly architecture?: string;
  readonly diffIds: readonly string[];
  readonly history: readonly HistoryEntry[];
}

/** A layer as found in the image: its blob, in rootfs order. */
export interface ParsedLayer {
  /** Digest of the stored blob (compressed digest for gzip/zstd blobs). */
  readonly digest: string;
  readonly compression: Compression;
  readonly storedSize: number;
  readonly diffId: string;
  /** Uncompressed tar size. */
  readonly size: number;
  readonly entries: readonly LayerEntry[];
}

export type ImageSourceKind = 'docker-archive' | 'oci-archive' | 'oci-layout' | 'engine';

export interface ImageSource {
  readonly kind: ImageSourceKind;
  /** File, directory or image name as the user gave it. */
  readonly location: string;
  /** For `engine`: which engine answered (its address, and the Docker context that chose it). */
  readonly engine?: string;
}

/** Everything the readers extract; the input of the pure report. */
export interface ParsedImage {
  readonly source: ImageSource;
  /** The config digest, which is what `docker images` calls the image id. */
  readonly id: string;
  readonly repoTags: readonly string[];
  readonly config: ImageConfig;
  readonly layers: readonly ParsedLayer[];
}
