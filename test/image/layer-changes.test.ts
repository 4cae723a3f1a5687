import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { stackLayers } from '../../src/image/layer-changes.js';
import type { LayerEntry } from '../../src/image/types.js';

const test = suite('image/layer-changes');

const file = (path: string, size: number): LayerEntry => ({ path, type: 'file', size });
const dir = (path: string): LayerEntry => ({ path, type: 'directory', size: 0 });

test('a file overwritten later wastes its first version', () => {
  const r = stackLayers([[dir('etc'), file('etc/conf', 100), file('etc/keep', 5)], [dir('etc'), file('etc/conf', 10)]]);
  assert.equal(r.layers[1]!.changes, [{ path: 'etc/conf', kind: 'modified', type: 'file', size: 10 }]);
  assert.is(r.layers[0]!.wastedBytes, 100);
  assert.is(r.layers[1]!.wastedBytes, 0);
  assert.equal(r.wasted, [{ path: 'etc/conf', layers: [0], wastedBytes: 100 }]);
});

test('a whiteout deletes a file or a whole directory, counting what it hides', () => {
  const r = stackLayers([
    [file('a/x', 10), file('a/sub/y', 20), file('a/sub/z', 30), file('b', 7)],
    [file('a/.wh.sub', 0), file('.wh.b', 0), file('.wh.never-there', 0)],
  ]);
  assert.equal(r.layers[1]!.changes, [
    { path: 'a/sub', kind: 'deleted', type: 'directory', size: 50 },
    { path: 'b', kind: 'deleted', type: 'file', size: 7 },
    { path: 'never-there', kind: 'deleted', type: 'directory', size: 0 },
  ]);
  assert.is(r.layers[0]!.wastedBytes, 57);
  assert.equal(r.wasted.map((w) => w.path), ['a/sub/z', 'a/sub/y', 'b']);
});

test('an opaque directory hides lower contents but keeps its own layer\'s files', () => {
  const r = stackLayers([
    [dir('d'), file('d/old1', 4), file('d/old2', 6)],
    [dir('d'), file('d/new', 3), file('d/.wh..wh..opq', 0)],
    [file('d/new', 1)],
  ]);
  assert.equal(r.layers[1]!.changes, [
    { path: 'd', kind: 'deleted', type: 'directory', size: 10, opaque: true },
    { path: 'd/new', kind: 'added', type: 'file', size: 3 },
  ]);
  assert.equal(r.layers[2]!.changes, [{ path: 'd/new', kind: 'modified', type: 'file', size: 1 }]);
  assert.equal(r.layers.map((l) => l.wastedBytes), [10, 3, 0]);
});

test('a file replaced by a directory (and back) is a modification that hides the old', () => {
  const r = stackLayers([[file('p', 9)], [dir('p'), file('p/q', 2)], [file('p', 1)]]);
  assert.equal(r.layers[1]!.changes.map((c) => `${c.kind} ${c.path}`), ['modified p', 'added p/q']);
  assert.equal(r.layers.map((l) => l.wastedBytes), [9, 2, 0]);
});

test('restated parent directories and re-added deleted paths', () => {
  const r = stackLayers([[dir('x'), file('x/f', 1)], [dir('x'), file('x/.wh.f', 0)], [dir('x'), file('x/f', 2)]]);
  assert.equal(r.layers[1]!.changes.map((c) => `${c.kind} ${c.path}`), ['deleted x/f']);
  assert.equal(r.layers[2]!.changes.map((c) => `${c.kind} ${c.path}`), ['added x/f']);
  assert.equal(r.layers.map((l) => l.fileBytes), [1, 0, 2]);
});

test('nothing wasted when layers only add', () => {
  const r = stackLayers([[file('a', 1)], [file('b', 2)]]);
  assert.equal(r.wasted, []);
});

test.run();
