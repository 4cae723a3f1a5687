/**
 * scripts/lsp-types-shim.mjs stands in for vscode-languageserver-types in the
 * bundle (dockerfile-ast uses only Position.create and Range.create): the same
 * results and errors as the real package for every kind of argument.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as real from 'vscode-languageserver-types';

const t = suite('bundle/lsp-types-shim');
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

type Shim = { Position: { create: (l: number, c: number) => unknown }; Range: { create: (...a: unknown[]) => unknown } };
const shim = (): Promise<Shim> => import(pathToFileURL(path.join(repo, 'scripts/lsp-types-shim.mjs')).href) as Promise<Shim>;

function outcome(f: () => unknown): unknown {
  try {
    return { value: f() };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

t('Position.create and Range.create answer as vscode-languageserver-types does', async () => {
  const s = await shim();
  const p = (l: number, c: number) => ({ line: l, character: c });
  const cases: unknown[][] = [[0, 0, 0, 0], [1, 2, 3, 4], [p(1, 2), p(3, 4)], [p(1, 2)], [-1, 0, 0, 0], [1.5, 0, 0, 0], [0, 0, 2147483648, 0], [null, null], ['1', 2, 3, 4], [p(-1, 0), p(0, 0)]];
  for (const args of cases) {
    assert.equal(outcome(() => s.Range.create(...args)), outcome(() => (real.Range.create as (...a: unknown[]) => unknown)(...args)), JSON.stringify(args));
  }
  for (const [l, c] of [[0, 0], [5, 7], [Number.MAX_VALUE, 3], [2, Number.MAX_VALUE]] as const) {
    assert.equal(s.Position.create(l, c), real.Position.create(l, c));
  }
});

t.run();
