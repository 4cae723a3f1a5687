import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { looksLikeTar, readTar } from '../../../src/image/tar/read-tar.js';
import { chunked, header, makeTar } from '../_helpers/make-tar.js';
import { errorOf } from '../_helpers/error-of.js';

const test = suite('image/tar/read-tar');

async function list(buf: Buffer, chunk = 100): Promise<{ name: string; type: string; body: string }[]> {
  const out = [];
  for await (const e of readTar(chunked(buf, chunk), 'test.tar')) {
    let body = '';
    if (e.header.name.endsWith('.txt')) for await (const p of e.body) body += p.toString();
    out.push({ name: e.header.name, type: e.header.type, body });
  }
  return out;
}

test('reads files, directories and links across chunk boundaries, skipping unread bodies', async () => {
  const tar = makeTar([
    { name: 'dir/', type: 'directory' },
    { name: 'dir/a.txt', body: 'hello' },
    { name: 'dir/skip.bin', body: Buffer.alloc(1500, 1) },
    { name: 'dir/link', type: 'symlink', linkname: 'a.txt' },
    { name: 'dir/b.txt', body: 'x'.repeat(513) },
  ]);
  for (const chunk of [1, 7, 512, 100000]) {
    assert.equal(await list(tar, chunk), [
      { name: 'dir/', type: 'directory', body: '' },
      { name: 'dir/a.txt', type: 'file', body: 'hello' },
      { name: 'dir/skip.bin', type: 'file', body: '' },
      { name: 'dir/link', type: 'symlink', body: '' },
      { name: 'dir/b.txt', type: 'file', body: 'x'.repeat(513) },
    ]);
  }
});

test('applies pax long names', async () => {
  const long = `${'d'.repeat(80)}/${'f'.repeat(80)}.txt`;
  assert.equal((await list(makeTar([{ name: long, body: 'z' }])))[0], { name: long, type: 'file', body: 'z' });
});

test('an archive without end blocks still ends cleanly', async () => {
  assert.equal((await list(makeTar([{ name: 'a.txt', body: 'a' }], { end: false }))).length, 1);
});

test('a truncated archive is an E_TRUNCATED error naming the entry', async () => {
  const tar = makeTar([{ name: 'a.txt', body: 'a'.repeat(2000) }]);
  const err = await errorOf(list(tar.subarray(0, 1200)));
  assert.is(err.code, 'E_TRUNCATED');
  assert.match(err.message, /test\.tar is truncated.*"a\.txt"/);
});

test('something that is not a tar is E_NOT_TAR', async () => {
  assert.is((await errorOf(list(Buffer.from('{"not": "a tar"}'.repeat(100))))).code, 'E_NOT_TAR');
  assert.is((await errorOf(list(Buffer.from('short')))).code, 'E_NOT_TAR');
});

test('looksLikeTar tells tar headers and empty archives from other bytes', () => {
  assert.ok(looksLikeTar(makeTar([{ name: 'a', body: '' }])));
  assert.ok(looksLikeTar(Buffer.alloc(1024)));
  assert.not.ok(looksLikeTar(Buffer.alloc(512, 0x41)));
});

test('a pax size that is not a whole number is a corrupt archive, not byte N.5', async () => {
  const record = ' size=1.5\n';
  const text = `${record.length + 2}${record}`;
  const pax = Buffer.concat([header({ name: 'PaxHeader', flag: 'x', size: text.length }), pad512(Buffer.from(text)), header({ name: 'f', flag: '0', size: 1 }), pad512(Buffer.from('x')), Buffer.alloc(1024)]);
  const err = await errorOf(list(pax));
  assert.is(err.code, 'E_NOT_TAR');
  assert.match(err.message, 'size="1.5", not a whole number of bytes');
});

test('an extended header larger than 1 MiB is refused before it is read', async () => {
  const big = Buffer.concat([header({ name: 'PaxHeader', flag: 'x', size: 8 * 1024 * 1024 * 1024 }), Buffer.alloc(1024)]);
  const err = await errorOf(list(big));
  assert.is(err.code, 'E_LIMIT');
});

function pad512(b: Buffer): Buffer {
  return Buffer.concat([b, Buffer.alloc((512 - (b.length % 512)) % 512)]);
}

test.run();
