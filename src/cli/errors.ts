import { EXIT } from './exit-codes.js';

/**
 * An expected failure, shown to the user as one line (no stack).
 * `where` is "file:line" when the problem has a place in a file.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly exitCode: number = EXIT.input,
    readonly where?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export function usageError(message: string): CliError {
  return new CliError(message, 'E_USAGE', EXIT.usage);
}
