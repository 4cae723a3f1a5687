/**
 * Why a use case could not go on, as data with its place (file and line);
 * cli/errors.ts turns each into the one line a user sees.
 */
import type { Step } from '../graph/index.js';

export type DockerfileProblemCode = 'E_PARSE' | 'E_LIMIT' | 'E_NO_DOCKERFILE' | 'E_NO_FROM' | 'E_UNKNOWN_STAGE' | 'E_UNKNOWN_TARGET' | 'E_STAGE_CYCLE' | 'E_BAD_INSTRUCTION' | 'E_EMPTY';

/** A Dockerfile that cannot be read or planned; `line` is null when the problem has no line (an unreadable file). */
export class DockerfileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly code: DockerfileProblemCode,
    message: string,
  ) {
    super(message);
    this.name = 'DockerfileError';
  }
}

/** Input a use case cannot work with and that has no place in a file (a folder without Dockerfiles, an unreadable folder). */
export class InputError extends Error {
  constructor(readonly code: 'E_NO_DOCKERFILE' | 'E_NO_CONTEXT', message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** The user stopped a real build (Ctrl-C): nothing was recorded. */
export class BuildInterrupted extends Error {
  constructor(readonly label: string) {
    super(`interrupted: ${label} was stopped; nothing was recorded`);
    this.name = 'BuildInterrupted';
  }
}

/** A COPY/ADD source the context does not hold: the build fails at `step`. */
export interface SourceMissing {
  readonly source: string;
  readonly step: Step;
}

/** The words for a missing source, shared by `build` (an error) and `check` (an LP001 finding). */
export function sourceMissingMessage(m: SourceMissing): string {
  const ins = m.step.instruction;
  return `"${m.source}": not found in the build context (${ins.keyword} ${ins.rest}); check the path, and that .dockerignore does not exclude it`;
}

/** Thrown where a caller cannot return a missing source as a result (the build use case returns it). */
export class SourceMissingError extends Error {
  constructor(readonly file: string, readonly missing: SourceMissing) {
    super(sourceMissingMessage(missing));
    this.name = 'SourceMissingError';
  }
}
