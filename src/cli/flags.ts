/** Flag parsing shared by every command: node:util's parseArgs, its errors as usage errors (exit 2). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { readRegularFile } from '../context/index.js';
import { usageError } from './errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseFlags<O extends Options>(command: string, argv: string[], options: O, allowPositionals = true) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (err) {
    throw usageError(`${flagProblem(err as Error & { code?: string }, command)}. See layerplan ${command} --help`);
  }
}

/** parseArgs' errors in our words: one short line naming the flag, without Node's advice about `--`. */
function flagProblem(err: Error & { code?: string }, command: string): string {
  const flag = /'(?:-\w, )?(-{1,2}[\w-]+)/.exec(err.message)?.[1];
  const positional = /Unexpected argument '([^']*)'/.exec(err.message)?.[1];
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': return `unknown option ${flag ?? ''} for layerplan ${command}`.replace('  ', ' ');
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': return flag ? `option ${flag} ${/argument missing/.test(err.message) ? 'needs a value' : 'takes no value'}` : err.message;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': return `layerplan ${command} takes no argument ${positional ?? ''}`.trim();
    default: return err.message;
  }
}

/** A file's text, or null when it cannot be read or is not a regular file (a FIFO must not block lint). */
export function readTextOrNull(abs: string): string | null {
  try {
    return readRegularFile(abs);
  } catch {
    return null;
  }
}
