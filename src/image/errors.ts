/**
 * Why an image could not be read, in words a user can act on. The CLI turns
 * these into `CliError`s; other callers (the planner, a TUI) can switch on `code`.
 */
export type ImageErrorCode =
  | 'E_NOT_FOUND'
  | 'E_NOT_TAR'
  | 'E_TRUNCATED'
  | 'E_NOT_IMAGE'
  | 'E_BAD_JSON'
  | 'E_MISSING_BLOB'
  | 'E_PATH_ESCAPE'
  | 'E_DIGEST_MISMATCH'
  | 'E_UNSUPPORTED'
  /** Past one of image/limits.ts. */
  | 'E_LIMIT'
  /** A layout member that is a link out of the layout, a FIFO, a device or a socket. */
  | 'E_NOT_REGULAR'
  | 'E_ENGINE';

export class ImageReadError extends Error {
  constructor(
    readonly code: ImageErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ImageReadError';
  }
}
