import type { Host } from '../app/host.js';

/**
 * A subcommand is data: its name, one-line summary, help text and a run
 * function. `main.ts` owns argument dispatch, errors and the exit code.
 */
/** The process's streams and state; the Host fields a test leaves out are this process's (see hostOf). */
export interface CommandIO extends Partial<Omit<Host, 'cwd' | 'env'>> {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/**
 * What commands write to: the part of a stream they use. The bin's are Node's streams for a terminal
 * and direct writers otherwise (std-out.ts); the TUI, shown only on a terminal, takes the stream itself.
 */
export interface OutStream {
  write(text: string): boolean;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Full `--help` text: usage line, options with defaults, examples. */
  readonly help: string;
  /** Returns the exit code. Throws `CliError` for expected failures. */
  run(argv: string[], io: CommandIO): Promise<number>;
}

/** The Host the use cases read: the IO's, with this process's arch, clock and pid where the IO gives none. */
export function hostOf(io: CommandIO): Host {
  return { cwd: io.cwd, env: io.env, arch: io.arch ?? process.arch, now: io.now ?? (() => new Date()), pid: io.pid ?? process.pid };
}
