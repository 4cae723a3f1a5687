/**
 * The one place where every lower layer's error becomes what the user sees:
 * one line, the place (file:line) once, what to do next, and the exit code.
 */
import { relative } from 'node:path';
import type { BuildInterrupted, DockerfileError, InputError, SourceMissingError } from '../app/errors.js';
import type { BuilderUnavailable } from '../builders/run.js';
import type { ContextUnreadableError, IgnoreFileError, IgnoreFileNotRegular } from '../context/errors.js';
import type { HookError } from '../git/hook.js';
import type { GitError } from '../git/run-git.js';
import type { ImageReadError } from '../image/errors.js';
import type { ConfigError } from '../project/config.js';
import type { DefinitionFileError } from '../project/definition-files.js';
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

/**
 * The error classes of the layers below, by their `name`: matching on the
 * name (with type-only imports) keeps this module from loading git, the image
 * reader or the config reader into a command that never uses them.
 */
interface KnownErrors {
  DockerfileError: DockerfileError;
  InputError: InputError;
  BuildInterrupted: BuildInterrupted;
  BuilderUnavailable: BuilderUnavailable;
  SourceMissingError: SourceMissingError;
  ContextUnreadableError: ContextUnreadableError;
  IgnoreFileError: IgnoreFileError;
  IgnoreFileNotRegular: IgnoreFileNotRegular;
  ConfigError: ConfigError;
  DefinitionFileError: DefinitionFileError;
  GitError: GitError;
  HookError: HookError;
  ImageReadError: ImageReadError;
}

function is<N extends keyof KnownErrors>(err: unknown, name: N): err is KnownErrors[N] {
  return err instanceof Error && err.name === name;
}

/** The user-facing form of an expected error, or null for a bug (shown as an internal error). `cwd` shortens paths. */
export function toCliError(err: unknown, cwd: string): CliError | null {
  const at = (file: string, line?: number | null): string => `${relative(cwd, file) || file}${line ? `:${line}` : ''}`;
  if (err instanceof CliError) return err;
  if (is(err, 'DockerfileError')) {
    if (err.line === null) return new CliError(err.message, err.code);
    return new CliError(err.message, err.code, EXIT.input, at(err.file, err.line));
  }
  if (is(err, 'InputError')) return new CliError(err.message, err.code);
  if (is(err, 'SourceMissingError')) return new CliError(err.message, 'E_SOURCE_NOT_FOUND', EXIT.input, at(err.file, err.missing.step.instruction.line));
  if (is(err, 'IgnoreFileError')) {
    return new CliError(`${err.syntax.why}: ${JSON.stringify(err.syntax.pattern)}; fix or remove that line`, 'E_DOCKERIGNORE', EXIT.input, `${err.file}:${err.syntax.line}`);
  }
  if (is(err, 'IgnoreFileNotRegular')) return new CliError(`${err.message}; an ignore file must be a regular file. Replace or remove it.`, 'E_NOT_REGULAR');
  if (is(err, 'ContextUnreadableError')) {
    return new CliError(`${err.message}. Fix its permissions, or exclude it in .dockerignore so the builder does not need it.`, 'E_UNREADABLE');
  }
  if (is(err, 'ConfigError')) return new CliError(err.reason, 'E_CONFIG', EXIT.input, err.file);
  if (is(err, 'DefinitionFileError')) return new CliError(err.message, err.code);
  if (is(err, 'BuilderUnavailable')) return new CliError(err.message, 'E_NO_BUILDER');
  if (is(err, 'BuildInterrupted')) return new CliError(err.message, 'E_INTERRUPTED', 130);
  if (is(err, 'GitError')) return new CliError(err.message, 'E_GIT');
  if (is(err, 'HookError')) return new CliError(err.message, 'E_HOOK');
  if (is(err, 'ImageReadError')) return new CliError(err.message, err.code);
  return null;
}

/** "file:line: message", as main.ts prints it after "layerplan: ". */
export function errorLine(err: CliError): string {
  return `${err.where ? `${err.where}: ` : ''}${err.message}`;
}
