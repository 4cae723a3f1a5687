/**
 * Our parseArgs (src/cli/parse-args.ts) against node:util's: the same values, positionals, error codes and
 * messages, on the command tables the CLI uses and on generated command lines over a vocabulary of every
 * shape of argument (short groups, inline values, `--`, lone dashes, unknown flags, values that look like flags).
 */
import { parseArgs as nodeParseArgs, type ParseArgsConfig } from 'node:util';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildFlagOptions } from '../../src/cli/build-flags.js';
import { parseArgs } from '../../src/cli/parse-args.js';

const t = suite('cli/parse-args');

type Options = NonNullable<ParseArgsConfig['options']>;

const TABLES: Record<string, Options> = {
  build: buildFlagOptions(),
  small: {
    file: { type: 'string', short: 'f' },
    json: { type: 'boolean', short: 'j' },
    quiet: { type: 'boolean', short: 'q', default: false },
    tag: { type: 'string', short: 't', multiple: true },
    level: { type: 'string', default: 'info' },
    many: { type: 'boolean', multiple: true, default: [false] },
    C: { type: 'string', short: 'C' },
  },
  none: {},
};

const VOCABULARY = ['-f', '-fx', '-jq', '-qjf', '-qjfy', '-jt', '-', '--', '---', '--=', '--=x', '--file', '--file=', '--file=a=b', '--file=-x', '--json', '--json=1', '--json=', '--quiet', '--tag', '--tag=v', '-t', '-tv', '--level', '--many', '--bogus', '-z', '-zq', '-1', 'pos', 'a b', '-C', '-Cdir', '--C', '--target', '--build-arg', 'X=1', '--platform', 'linux/arm64', '--no-cache', '-q', '--__proto__', '--constructor', '-jz', '--dry-run', '--json=false', ''];

function outcome(fn: typeof nodeParseArgs, config: ParseArgsConfig): unknown {
  try {
    const r = fn(config);
    return { values: { ...r.values }, positionals: r.positionals };
  } catch (err) {
    const e = err as { code?: string; message?: string; constructor?: { name: string } };
    return { code: e.code, message: e.message, type: e.constructor?.name };
  }
}

/** A small deterministic generator (no Math.random: a failure must repeat). */
function* commandLines(count: number): Generator<string[]> {
  let seed = 12345;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let i = 0; i < count; i++) {
    const len = next(6);
    yield Array.from({ length: len }, () => VOCABULARY[next(VOCABULARY.length)] as string);
  }
}

t('the same values, positionals and errors as node:util parseArgs on generated command lines', () => {
  let compared = 0;
  let errors = 0;
  for (const [name, options] of Object.entries(TABLES)) {
    for (const allowPositionals of [true, false]) {
      for (const args of commandLines(1500)) {
        const config = { args, options, allowPositionals, strict: true };
        const ours = outcome(parseArgs, config);
        const node = outcome(nodeParseArgs, config);
        assert.equal(ours, node, `${name} allowPositionals=${allowPositionals}: ${JSON.stringify(args)}`);
        compared++;
        if ((node as { code?: string }).code) errors++;
      }
    }
  }
  assert.ok(compared === 9000 && errors > 500 && errors < compared - 500, `both outcomes are exercised: ${errors} errors of ${compared}`);
});

t('values have no prototype, as Node\'s do', () => {
  const r = parseArgs({ args: ['--json'], options: { json: { type: 'boolean' } }, strict: true });
  assert.is(Object.getPrototypeOf(r.values), null);
  assert.is(r.values.json, true);
});

t.run();
