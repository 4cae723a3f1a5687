/** A local image as the Engine describes it (GET /images/{name}/json). */
export interface EngineImage {
  /** "sha256:…", the config digest. */
  readonly id: string;
  readonly repoTags: readonly string[];
  /** "name@sha256:…" for images pulled from or pushed to a registry. */
  readonly repoDigests: readonly string[];
  /** rootfs.diff_ids, bottom layer first. */
  readonly diffIds: readonly string[];
  /** Uncompressed size of all layers. */
  readonly size: number;
  readonly created?: string;
  readonly os?: string;
  readonly architecture?: string;
}

/** One row of GET /images/{name}/history, turned oldest first. */
export interface EngineHistoryRow {
  /** Image id for rows that have a local image, else undefined (`<missing>`). */
  readonly id?: string;
  /** Creation time, seconds since the epoch. */
  readonly created: number;
  readonly createdBy: string;
  readonly tags: readonly string[];
  /** Size of the layer the row added (0 for metadata-only rows). */
  readonly size: number;
  readonly comment: string;
}

/** What the planner learns about one FROM image. */
export interface ResolvedBase {
  readonly id: string;
  readonly repoDigests: readonly string[];
  readonly diffIds: readonly string[];
  readonly size: number;
  readonly history: readonly EngineHistoryRow[];
}

/**
 * Why a base image could only be identified by its name. `message` is for the
 * user (it says what that means for the plan); `why` is the bare engine failure.
 */
export type UnavailableReason =
  | { readonly kind: 'no-engine'; readonly message: string; readonly why: string }
  | { readonly kind: 'not-found'; readonly message: string }
  | { readonly kind: 'engine-error'; readonly message: string; readonly why: string };

/** One record of the builder's cache (GET /system/df?type=build-cache). */
export interface BuildCacheRecord {
  /** "regular" for a step's layer, "source.local" for a context upload, "exec.cachemount" for RUN --mount=type=cache. */
  readonly type: string;
  /** The vertex that made it: "[2/3] COPY a.txt /a.txt", "mount / from exec /bin/sh -c …". */
  readonly description: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly size: number;
}
