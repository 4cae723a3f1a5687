import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { ContextEntry } from '../../src/context/types.js';
import { pathOrder, WalkEntries } from '../../src/context/walk-entries.js';

const t = suite('context/walk-entries');

const entry = (path: string): ContextEntry => ({ path, type: path.endsWith('/') ? 'dir' : 'file', mode: 0o644, size: 0, digest: path });
const of = (paths: string[]) => new WalkEntries(paths, paths.map(entry));

// Depth-first with names sorted: 'a' holds 'a/b', and 'a-b', 'a.txt' ('-' and '.' sort below '/') come after all of it.
const WALK = ['a', 'a/b', 'a/b/c', 'a/z', 'a-b', 'a.txt', 'b', 'é', '😀', 'ｚ'];

t('walk order is segment order: a directory before what it holds, and all of it before a sibling that extends its name', () => {
  const sorted = [...WALK].reverse().sort(pathOrder);
  assert.equal(sorted, WALK);
  assert.ok(pathOrder('a/b', 'a-b') < 0 && pathOrder('a', 'a/b') < 0 && pathOrder('a.txt', 'a.txt') === 0);
});

t('in walk order: every path is found (binary search), others are not, and iteration keeps the order', () => {
  const m = of(WALK);
  for (const p of WALK) assert.equal(m.get(p), entry(p), p);
  for (const p of ['', 'a/', 'a/b/d', 'c', 'a-', 'a/b/c/d']) assert.is(m.get(p), undefined, p);
  assert.ok(m.has('a/z') && !m.has('a/y'));
  assert.is(m.size, WALK.length);
  assert.equal([...m.keys()], WALK);
  assert.equal([...m.values()].map((e) => e.path), WALK);
  assert.equal([...m].map(([k, e]) => `${k}=${e.path}`), WALK.map((p) => `${p}=${p}`));
  const seen: string[] = [];
  m.forEach((e, k) => seen.push(k));
  assert.equal(seen, WALK);
});

t.run();
