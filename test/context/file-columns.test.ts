import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { columnsOf, entriesOf, FileColumns, presentFiles, tableIndexOf } from '../../src/context/file-columns.js';
import { Settled, viewTable, type FileTable } from '../../src/context/hash-files.js';
import { DIGEST_CHARS, EMPTY_CACHE, STAMP_FIELDS, type StatCache } from '../../src/context/stat-cache.js';

const t = suite('context/file-columns');

/** A settled table of `rels` (from file number `first`), file k with size first+k and digest of its letter. */
function table(first: number, rels: string[], states: Settled[]): FileTable {
  const n = rels.length;
  const buffers = { counters: new SharedArrayBuffer(8), stamps: new SharedArrayBuffer(n * STAMP_FIELDS * 8), digests: new SharedArrayBuffer(n * DIGEST_CHARS), states: new SharedArrayBuffer(n), rows: new SharedArrayBuffer(n * 4), progress: new SharedArrayBuffer(64) };
  const v = viewTable('/root', first, rels, buffers);
  rels.forEach((rel, k) => {
    v.stamps.set([first + k, 1, 2, 3, 0o100644], k * STAMP_FIELDS);
    v.digests.write(rel.padEnd(DIGEST_CHARS, '.').slice(0, DIGEST_CHARS), k * DIGEST_CHARS, 'latin1');
    v.states[k] = states[k] as number;
  });
  return v;
}

/** A cache of `paths` (row r: size 100+r, digest of its path). */
function cache(paths: string[]): StatCache {
  const stamps = new SharedArrayBuffer(paths.length * STAMP_FIELDS * 8);
  const digests = new SharedArrayBuffer(paths.length * DIGEST_CHARS);
  paths.forEach((p, r) => {
    new Float64Array(stamps).set([100 + r, 1, 2, 3, 0o100755], r * STAMP_FIELDS);
    Buffer.from(digests).write(p.padEnd(DIGEST_CHARS, '.').slice(0, DIGEST_CHARS), r * DIGEST_CHARS, 'latin1');
  });
  return { ...EMPTY_CACHE, size: paths.length, paths, pathText: paths.map((p) => `${p}\0`).join(''), shared: { stamps, digests, trustedBefore: 0 } };
}

const R = Settled.Read;

t('tableIndexOf finds the table holding a file number, -1 past them', () => {
  const tables = [table(0, ['a', 'b'], [R, R]), table(2, ['c'], [R]), table(3, ['d', 'e', 'f'], [R, R, R])];
  assert.equal([0, 1, 2, 3, 4, 5, 6].map((i) => tableIndexOf(tables, i)), [0, 0, 1, 2, 2, 2, -1]);
});

t('columns and entries mix cache rows and table rows in walk order, runs broken at table ends, out-of-order rows and vanished files', () => {
  const c = cache(['x', 'y', 'z']);
  const tables = [table(0, ['a', 'b'], [R, Settled.Gone]), table(2, ['c', 'd'], [Settled.Cached, R])];
  // Walk order: cache row 1, row 2, file 0 (a), file 1 (b, gone), file 2 (c), file 3 (d), cache row 0.
  const sources = Int32Array.from([1, 2, -1, -2, -3, -4, 0]);
  const columns = new FileColumns(c, tables);
  const { present, read } = presentFiles(sources, columns);
  assert.is(read, true);
  assert.equal([...present], [1, 2, -1, -3, -4, 0]);
  const out = columnsOf(present, columns);
  assert.equal(out.rels, ['y', 'z', 'a', 'c', 'd', 'x']);
  assert.is(out.pathText, 'y\0z\0a\0c\0d\0x\0', 'whole and partial runs of the cache and the tables');
  assert.equal(Array.from({ length: 6 }, (_, k) => out.stamps[k * STAMP_FIELDS]), [101, 102, 0, 2, 3, 100]);
  assert.is(Buffer.from(out.digests).toString('latin1'), ['y', 'z', 'a', 'c', 'd', 'x'].map((p) => p.padEnd(DIGEST_CHARS, '.')).join(''));
  const entries = entriesOf([{ path: 'dir', type: 'dir', mode: 0o755, size: 0, digest: '' }, 0, 1, 2, 3, 4, 5, 6], sources, columns);
  assert.equal([...entries.keys()], ['dir', 'y', 'z', 'a', 'c', 'd', 'x']);
  // These paths are not in walk order (lookups rely on it: walk-entries.ts), so they are looked up in a Map of them.
  const byPath = new Map(entries);
  assert.equal(byPath.get('c'), { path: 'c', type: 'file', mode: 0o644, size: 2, digest: 'c'.padEnd(DIGEST_CHARS, '.') });
  assert.equal(byPath.get('x'), { path: 'x', type: 'file', mode: 0o755, size: 100, digest: 'x'.padEnd(DIGEST_CHARS, '.') });
});

t('nothing read, nothing gone: read is false and the columns are the cache rows', () => {
  const c = cache(['x', 'y']);
  const columns = new FileColumns(c, []);
  const { present, read } = presentFiles(Int32Array.from([0, 1]), columns);
  assert.is(read, false);
  const out = columnsOf(present, columns);
  assert.equal(out.rels, ['x', 'y']);
  assert.is(out.pathText, 'x\0y\0', "the cache's own text");
});

t.run();
