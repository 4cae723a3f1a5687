import type { Host } from '../app/host.js';

/**
 * A subcommand is data: its name, one-line summary, help text and a run
 * function. `main.ts` owns argument dispatch, errors and the exit code.
 */
export interface CommandIO extends Host {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Full `--help` text: usage line, options with defaults, examples. */
  readonly help: string;
  /** Returns the exit code. Throws `CliError` for expected failures. */
  run(argv: string[], io: CommandIO): Promise<number>;
}
