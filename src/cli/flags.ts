/** Flag parsing shared by every command: node:util's parseArgs, its errors as usage errors (exit 2). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { readRegularFile } from '../context/index.js';
import { usageError } from './errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseFlags<O extends Options>(command: string, argv: string[], options: O, allowPositionals = true) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (err) {
    throw usageError(`${(err as Error).message}. See layerplan ${command} --help`);
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
