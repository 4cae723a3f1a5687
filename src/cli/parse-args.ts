/**
 * node:util's parseArgs (Node 20.16), strict mode, as the commands call it: the same tokens, values,
 * errors (code and message) and defaults. Ours because Node's loads and compiles two internal modules
 * on every run (~2 ms of a 40 ms build --json), where this one comes precompiled with the core's code
 * cache. test/cli/parse-args.test.ts checks it against Node's on generated command lines.
 */
import type { parseArgs as nodeParseArgs } from 'node:util';

interface OptionConfig {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  readonly default?: string | boolean | readonly (string | boolean)[];
}

interface Config {
  readonly args?: readonly string[];
  readonly options?: Readonly<Record<string, OptionConfig>>;
  readonly strict?: boolean;
  readonly allowPositionals?: boolean;
}

interface OptionToken {
  readonly name: string;
  readonly rawName: string;
  readonly value: string | undefined;
  readonly inlineValue: boolean | undefined;
}

type Token = ({ readonly kind: 'option' } & OptionToken) | { readonly kind: 'positional'; readonly value: string };

function parse(config: Config): { values: Record<string, unknown>; positionals: string[] } {
  if (config.strict === false) throw new Error('layerplan: internal error: parseArgs is strict only');
  const args = config.args ?? process.argv.slice(2);
  const options = config.options ?? {};
  const allowPositionals = config.allowPositionals ?? false;
  const values: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const positionals: string[] = [];
  for (const token of tokens(args, options)) {
    if (token.kind === 'positional') {
      if (!allowPositionals) throw argsError('ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL', `Unexpected argument '${token.value}'. This command does not take positional arguments`);
      positionals.push(token.value);
      continue;
    }
    checkUsage(token, options, allowPositionals);
    checkOptionLike(token);
    store(token, options, values);
  }
  for (const [name, o] of Object.entries(options)) {
    if (own(o, 'default') !== undefined && values[name] === undefined && name !== '__proto__') values[name] = o.default;
  }
  return { values, positionals };
}

export const parseArgs = parse as unknown as typeof nodeParseArgs;

/** Node's argsToTokens: `--` ends the options; short groups are expanded; a string option takes the next argument. */
function tokens(args: readonly string[], options: Readonly<Record<string, OptionConfig>>): Token[] {
  const out: Token[] = [];
  const rest = [...args];
  while (rest.length > 0) {
    const arg = rest.shift() as string;
    const next = rest[0];
    if (arg === '--') {
      for (const value of rest) out.push({ kind: 'positional', value });
      break;
    }
    if (arg.length === 2 && arg[0] === '-' && arg[1] !== '-') {
      const name = longFor(arg.charAt(1), options);
      const takes = typeOf(options, name) === 'string' && next !== undefined;
      out.push({ kind: 'option', name, rawName: arg, value: takes ? rest.shift() : undefined, inlineValue: takes ? false : undefined });
      continue;
    }
    if (arg.length > 2 && arg[0] === '-' && arg[1] !== '-') {
      const name = longFor(arg.charAt(1), options);
      if (typeOf(options, name) === 'string') {
        out.push({ kind: 'option', name, rawName: `-${arg.charAt(1)}`, value: arg.slice(2), inlineValue: true });
        continue;
      }
      rest.unshift(...expandGroup(arg, options));
      continue;
    }
    if (arg.length > 2 && arg.startsWith('--')) {
      const eq = arg.indexOf('=', 3);
      if (eq < 0) {
        const name = arg.slice(2);
        const takes = typeOf(options, name) === 'string' && next !== undefined;
        out.push({ kind: 'option', name, rawName: arg, value: takes ? rest.shift() : undefined, inlineValue: takes ? false : undefined });
      } else {
        const name = arg.slice(2, eq);
        out.push({ kind: 'option', name, rawName: `--${name}`, value: arg.slice(eq + 1), inlineValue: true });
      }
      continue;
    }
    out.push({ kind: 'positional', value: arg });
  }
  return out;
}

/** `-abc` → `-a -b -c`; a string option inside takes the rest of the group as its value (`-abfFILE` → `-a -b -fFILE`). */
function expandGroup(arg: string, options: Readonly<Record<string, OptionConfig>>): string[] {
  const expanded: string[] = [];
  for (let i = 1; i < arg.length; i++) {
    const short = arg.charAt(i);
    if (typeOf(options, longFor(short, options)) !== 'string' || i === arg.length - 1) expanded.push(`-${short}`);
    else {
      expanded.push(`-${arg.slice(i)}`);
      break;
    }
  }
  return expanded;
}

function checkUsage(token: OptionToken, options: Readonly<Record<string, OptionConfig>>, allowPositionals: boolean): void {
  if (!Object.hasOwn(options, token.name)) {
    const hint = allowPositionals ? `. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- ${JSON.stringify(token.rawName)}` : '';
    throw argsError('ERR_PARSE_ARGS_UNKNOWN_OPTION', `Unknown option '${token.rawName}'${hint}`);
  }
  const o = options[token.name] as OptionConfig;
  const short = own(o, 'short');
  const both = `${short ? `-${String(short)}, ` : ''}--${token.name}`;
  if (o.type === 'string' && typeof token.value !== 'string') throw argsError('ERR_PARSE_ARGS_INVALID_OPTION_VALUE', `Option '${both} <value>' argument missing`);
  if (o.type === 'boolean' && token.value != null) throw argsError('ERR_PARSE_ARGS_INVALID_OPTION_VALUE', `Option '${both}' does not take an argument`);
}

/** `--file --json`: the value looks like an option, so it is refused unless written inline. */
function checkOptionLike(token: OptionToken): void {
  if (token.inlineValue || token.value === undefined || !(token.value.length > 1 && token.value[0] === '-')) return;
  const example = token.rawName.startsWith('--') ? `'${token.rawName}=-XYZ'` : `'--${token.name}=-XYZ' or '${token.rawName}-XYZ'`;
  throw argsError('ERR_PARSE_ARGS_INVALID_OPTION_VALUE', `Option '${token.rawName}' argument is ambiguous.\nDid you forget to specify the option argument for '${token.rawName}'?\nTo specify an option argument starting with a dash use ${example}.`);
}

function store(token: OptionToken, options: Readonly<Record<string, OptionConfig>>, values: Record<string, unknown>): void {
  if (token.name === '__proto__') return;
  const value = token.value ?? true;
  if (own(options[token.name], 'multiple')) {
    const list = values[token.name] as unknown[] | undefined;
    if (list) list.push(value);
    else values[token.name] = [value];
  } else values[token.name] = value;
}

function longFor(short: string, options: Readonly<Record<string, OptionConfig>>): string {
  return Object.entries(options).find(([, o]) => own(o, 'short') === short)?.[0] ?? short;
}

function typeOf(options: Readonly<Record<string, OptionConfig>>, name: string): unknown {
  return Object.hasOwn(options, name) ? own(options[name], 'type') : undefined;
}

function own(o: object | undefined, key: string): unknown {
  return o !== undefined && Object.hasOwn(o, key) ? (o as Record<string, unknown>)[key] : undefined;
}

/** Node's errors are TypeErrors with a code; flags.ts reads both. */
function argsError(code: string, message: string): TypeError {
  return Object.assign(new TypeError(message), { code });
}
