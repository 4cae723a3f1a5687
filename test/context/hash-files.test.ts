import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fileHasher, FileHasher, hashesInPlace, hashFileSync, hex64, viaApi, xxhashApi, CHUNK_BYTES } from '../../src/context/hash.js';
import { fdIo } from '../../src/context/fd-io.js';
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
  settleClaimed(table, settler(await fileHasher(), cache, 0));
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

t('every size class hashes to xxhash-wasm\'s own digest of the bytes, in one piece or streamed, whatever size came before; settlePending settles only what is still pending', withDir(async (root) => {
  const x = await xxhashApi();
  const hasher = await fileHasher();
  // XXH64's stripe (32 bytes) and its edges, a wasm page (64 KiB) and its edges, the read buffer and its edges, and more than the hasher's whole memory (buffer + 128).
  const sizes = [0, 1, 31, 32, 33, 65535, 65536, 65537, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 2 * CHUNK_BYTES + 1, 3 * CHUNK_BYTES + 33];
  const bytes = sizes.map((n) => randomBytes(n)); // Not one repeated byte: a chunk hashed from the wrong offset must change the digest.
  const rels = sizes.map((n) => `f${n}`);
  sizes.forEach((_, i) => writeFileSync(path.join(root, rels[i] as string), bytes[i] as Buffer));
  const expected = bytes.map((b) => hex64(x.h64Raw(b)));
  bytes.forEach((b, i) => {
    const streamed = x.create64();
    for (let at = 0; at < b.length; at += 7919) streamed.update(b.subarray(at, at + 7919));
    assert.is(hex64(streamed.digest()), expected[i], `xxhash-wasm streamed, ${sizes[i]} bytes`);
  });
  const table = createTable(root, rels, EMPTY_CACHE);
  settlePending(table, settler(hasher, EMPTY_CACHE, 0));
  assert.ok(await hashesInPlace(), 'xxhash-wasm\'s module was kept: files are hashed where they are read');
  const throughApi = new FileHasher(viaApi(x, CHUNK_BYTES), CHUNK_BYTES, fdIo());
  const reversed = createTable(root, [...rels].reverse(), EMPTY_CACHE); // Each file after a bigger one: no stale bytes from the last.
  settlePending(reversed, settler(hasher, EMPTY_CACHE, 0));
  sizes.forEach((n, i) => {
    assert.is(digestOf(table, i), expected[i], `${n} bytes`);
    assert.is(digestOf(reversed, sizes.length - 1 - i), expected[i], `${n} bytes, after bigger files`);
    assert.equal(hashFileSync(hasher, path.join(root, rels[i] as string)), { digest: expected[i], size: n }, `${n} bytes without a stat size`);
    assert.equal(hashFileSync(throughApi, path.join(root, rels[i] as string)), { digest: expected[i], size: n }, `${n} bytes through xxhash-wasm's API (no module kept)`);
    assert.is(table.stamps[i * STAMP_FIELDS], n);
  });
  table.states[0] = Settled.Pending;
  table.digests.write('x'.repeat(16), 16, 'latin1');
  settlePending(table, settler(hasher, EMPTY_CACHE, 0));
  assert.is(digestOf(table, 1), 'x'.repeat(16), 'a settled file is left alone');
  assert.is(digestOf(table, 0), expected[0], 'a pending one is settled again');
}));

t.run();
