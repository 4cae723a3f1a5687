import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { PatchedMap } from '../../src/lang/patched-map.js';

const t = suite('lang/patched-map');

t('reads like a copy of the base with the replaced keys set: order, lookups, size, every iterator', () => {
  const base = new Map([['b', 1], ['a', 2], ['c', 3], ['10', 4]]);
  const replaced = new Map([['a', 20], ['10', 40]]);
  const copy = new Map(base);
  for (const [k, v] of replaced) copy.set(k, v);
  const patched = new PatchedMap(base, replaced);
  assert.equal([...patched], [...copy]);
  assert.equal([...patched.entries()], [...copy.entries()]);
  assert.equal([...patched.keys()], [...copy.keys()]);
  assert.equal([...patched.values()], [...copy.values()]);
  const visited: [string, number][] = [];
  patched.forEach((v, k, m) => {
    assert.is(m, patched);
    visited.push([k, v]);
  });
  assert.equal(visited, [...copy]);
  assert.is(patched.size, 4);
  assert.is(patched.get('a'), 20);
  assert.is(patched.get('b'), 1);
  assert.is(patched.get('zz'), undefined);
  assert.ok(patched.has('c'));
  assert.not.ok(patched.has('zz'));
  assert.is(base.get('a'), 2, 'the base is left alone');
});

t.run();
