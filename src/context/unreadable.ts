import { CliError } from '../cli/errors.js';
import { EXIT } from '../cli/exit-codes.js';

/** A context path we cannot read: name it and say what to do. */
export function unreadable(abs: string, err: unknown): CliError {
  const code = (err as NodeJS.ErrnoException).code ?? String(err);
  return new CliError(
    `cannot read ${abs} in the build context (${code}). Fix its permissions, or exclude it in .dockerignore so the builder does not need it.`,
    'E_UNREADABLE',
    EXIT.input,
  );
}
