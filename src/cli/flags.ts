/** Flag parsing shared by every command: node:util's parseArgs (our copy, parse-args.ts), its errors as usage errors (exit 2). */
import { resolve } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { parseArgs } from './parse-args.js';
import { readRegularFile } from '../context/index.js';
import { errorCode, errorMessage } from '../lang/error-code.js';
import { usageError } from './errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseFlags<O extends Options>(command: string, argv: string[], options: O, allowPositionals = true) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (err) {
    const unknown = unknownFlag(err);
    if (unknown) throw usageError(`unknown option ${unknown} for layerplan ${command}${nearestHint(unknown, options)}. See layerplan ${command} --help`);
    throw usageError(`${flagProblem(err, command)}. See layerplan ${command} --help`);
  }
}

/**
 * parseArgs values read by name and checked at run time. The option tables are assembled from parts (check and
 * lint share one), so the type parseArgs infers cannot say which flag holds what; these readers can.
 */
export type FlagValues = Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;

export function flagString(values: FlagValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function flagStrings(values: FlagValues, name: string): string[] {
  const value = values[name];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** A type guard for a flag value that must be one of a fixed set (--format, --fail-on). */
export function isOneOf<T extends string>(allowed: readonly T[], value: string): value is T {
  return allowed.some((a) => a === value);
}

/** The one folder a command takes (`.` when none is given), resolved against cwd; a second one is a usage error. */
export function folderArg(command: string, positionals: readonly string[], cwd: string): string {
  if (positionals.length > 1) throw usageError(`${command} takes one folder, got ${positionals.length}: ${positionals.join(' ')}`);
  return resolve(cwd, positionals[0] ?? '.');
}

/** parseArgs' errors in our words: one short line naming the flag, without Node's advice about `--`. */
function flagProblem(err: unknown, command: string): string {
  const message = errorMessage(err);
  const flag = /'(?:-\w, )?(-{1,2}[\w-]+)/.exec(message)?.[1];
  const positional = /Unexpected argument '([^']*)'/.exec(message)?.[1];
  switch (errorCode(err)) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': return `unknown option ${flag ?? ''} for layerplan ${command}`.replace('  ', ' ');
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': return flag ? `option ${flag} ${/argument missing/.test(message) ? 'needs a value' : 'takes no value'}` : message;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': return `layerplan ${command} takes no argument ${positional ?? ''}`.trim();
    default: return message;
  }
}

function unknownFlag(err: unknown): string | null {
  if (errorCode(err) !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return null;
  return /'(-[^']*)'/.exec(errorMessage(err))?.[1] ?? null;
}

/** " (nearest known flag: --platform)": the known flag closest to the one given. */
function nearestHint(given: string, options: Options): string {
  const name = given.replace(/^-+/, '').split('=')[0] ?? '';
  const known = Object.entries(options).flatMap(([long, o]) => [`--${long}`, ...(o.short ? [`-${o.short}`] : [])]);
  let best: { flag: string; d: number } | null = null;
  for (const flag of known) {
    const d = editDistance(name, flag.replace(/^-+/, ''));
    if (!best || d < best.d) best = { flag, d };
  }
  return best ? ` (nearest known flag: ${best.flag})` : '';
}

/** Levenshtein distance, for suggesting the flag a typo meant. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/** A file's text, or null when it cannot be read or is not a regular file (a FIFO must not block lint). */
export function readTextOrNull(abs: string): string | null {
  try {
    return readRegularFile(abs);
  } catch {
    return null;
  }
}
