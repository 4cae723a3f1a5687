import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { hashFileSync, hex64, xxhashApi, CHUNK_BYTES } from '../../src/context/hash.js';
import { createTable, settleClaimed, settlePending, settler, Settled, type FileTable } from '../../src/context/hash-files.js';
import { EMPTY_CACHE, readStatCache, STAMP_FIELDS, writeStatCache, type StatCache } from '../../src/context/stat-cache.js';

const t = suite('context/hash-files');

const withDir = (fn: (dir: string) => Promise<void>) => async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-table-'));
  try {
    await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

async function settleAll(root: string, rels: string[], cache: StatCache = EMPTY_CACHE): Promise<FileTable> {
  const table = createTable(root, rels, cache);
  settleClaimed(table, settler(await xxhashApi(), cache, 0));
  return table;
}

const digestOf = (t: FileTable, i: number): string => t.digests.toString('latin1', i * 16, (i + 1) * 16);

t('regular files are read and hashed; a symlink, a FIFO or a missing file put where the walk saw a file is gone, never followed or waited on', withDir(async (root) => {
  const x = await xxhashApi();
  writeFileSync(path.join(root, 'a.txt'), 'hello');
  writeFileSync(path.join(root, 'target'), 'secret');
  symlinkSync('target', path.join(root, 'link'));
  execFileSync('mkfifo', [path.join(root, 'fifo')]);
  mkdirSync(path.join(root, 'dir'));
  const table = await settleAll(root, ['a.txt', 'link', 'fifo', 'missing', 'dir']);
  assert.equal([...table.states], [Settled.Read, Settled.Gone, Settled.Gone, Settled.Gone, Settled.Gone]);
  assert.is(digestOf(table, 0), hex64(x.h64Raw(Buffer.from('hello'))));
  const st = statSync(path.join(root, 'a.txt'));
  assert.equal([...table.stamps.subarray(0, STAMP_FIELDS)], [5, st.mtimeMs, st.ctimeMs, st.ino, st.mode]);
}));

t('a fresh cache row is copied without reading the file; a changed or racy one is read again', withDir(async (root) => {
  writeFileSync(path.join(root, 'a.txt'), 'aaa');
  writeFileSync(path.join(root, 'b.txt'), 'bbb');
  const first = await settleAll(root, ['a.txt', 'b.txt']);
  const cacheFile = path.join(root, 'cache.bin');
  writeStatCache(cacheFile, root, { rels: ['a.txt', 'b.txt'], stamps: first.stamps, digests: Buffer.from('feedfeedfeedfeed0123456789abcdef', 'latin1') });
  const later = new Date(Date.now() + 60_000);
  utimesSync(cacheFile, later, later);
  writeFileSync(path.join(root, 'b.txt'), 'BBBB'); // Changed: size and mtime differ from its row.
  const again = await settleAll(root, ['new.txt', 'a.txt', 'b.txt'], readStatCache(cacheFile, root));
  assert.equal([...again.rows], [-1, 0, 1], 'rows found by path, off their index');
  assert.equal([...again.states], [Settled.Gone, Settled.Cached, Settled.Read]);
  assert.is(digestOf(again, 1), 'feedfeedfeedfeed', 'taken from the cache, not from the file');
  assert.is(digestOf(again, 2), digestOf(await settleAll(root, ['b.txt']), 0));
  utimesSync(cacheFile, new Date(), new Date()); // a.txt was written within 2 s of the cache: not trusted.
  const racy = await settleAll(root, ['a.txt'], readStatCache(cacheFile, root));
  assert.equal([...racy.states], [Settled.Read]);
}));

t('sizes around the read buffer hash as one piece does; settlePending settles only what is still pending', withDir(async (root) => {
  const x = await xxhashApi();
  const sizes = [0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 2 * CHUNK_BYTES];
  const rels = sizes.map((n) => `f${n}`);
  sizes.forEach((n, i) => writeFileSync(path.join(root, rels[i] as string), Buffer.alloc(n, i + 1)));
  const table = createTable(root, rels, EMPTY_CACHE);
  settlePending(table, settler(x, EMPTY_CACHE, 0));
  sizes.forEach((n, i) => {
    const expected = hex64(x.h64Raw(Buffer.alloc(n, i + 1)));
    assert.is(digestOf(table, i), expected, `${n} bytes`);
    assert.is(hashFileSync(x, path.join(root, rels[i] as string), Buffer.allocUnsafe(CHUNK_BYTES)).digest, expected);
    assert.is(table.stamps[i * STAMP_FIELDS], n);
  });
  table.states[0] = Settled.Pending;
  table.digests.write('x'.repeat(16), 16, 'latin1');
  settlePending(table, settler(x, EMPTY_CACHE, 0));
  assert.is(digestOf(table, 1), 'x'.repeat(16), 'a settled file is left alone');
}));

t.run();
