/** Why a build context could not be read, with the place; cli/errors.ts words them for the user. */
import type { IgnoreSyntaxError } from '../ignore/dockerignore.js';

/** A path of the context (or its ignore file) that exists but cannot be read. */
export class ContextUnreadableError extends Error {
  constructor(readonly path: string, readonly reason: string) {
    super(`cannot read ${path} in the build context (${reason})`);
    this.name = 'ContextUnreadableError';
  }
}

/** A pattern of the ignore file `file` the builder would reject. */
export class IgnoreFileError extends Error {
  constructor(readonly file: string, readonly syntax: IgnoreSyntaxError) {
    super(syntax.message);
    this.name = 'IgnoreFileError';
  }
}

/** An ignore file that is a FIFO, a device, ...: never read (a FIFO would hang the walk). The message names the file. */
export class IgnoreFileNotRegular extends Error {
  constructor(readonly file: string, readonly kind: string) {
    super(`${file} is ${kind}, not a regular file`);
    this.name = 'IgnoreFileNotRegular';
  }
}

/** The error for a path `err` (an fs error) kept from being read. */
export function unreadable(abs: string, err: unknown): ContextUnreadableError {
  const code = err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : String(err);
  return new ContextUnreadableError(abs, code);
}
