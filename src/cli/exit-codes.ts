/** Every exit code layerplan uses, in one place. */
export const EXIT = {
  ok: 0,
  /** A check failed (`check --strict`). */
  failed: 1,
  /** Bad flags or arguments. */
  usage: 2,
  /** Bad or unreadable input: Dockerfile, context, image, store. */
  input: 3,
  /** `build --exit-code`: some step would be rebuilt. */
  wouldRebuild: 10,
} as const;
