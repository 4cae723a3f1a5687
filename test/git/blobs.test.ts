/** Blob contents through one `git cat-file --batch`: bytes intact, whatever they hold. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { blobId, readBlobs, readBlobsAt } from '../../src/git/blobs.js';
import { readIndexTree } from '../../src/git/tree.js';
import { commitAll, git, link, tempRepo, write } from './_helpers/git-repo.js';

const t = suite('git/blobs');

t('contents come back byte for byte: newlines, NULs, no final newline, empty, large', () => {
  const dir = tempRepo();
  const bodies: Record<string, Buffer> = {
    'lines.txt': Buffer.from('a\nb\n\n'),
    'binary.bin': Buffer.from([0, 10, 0, 255, 10, 10, 0]),
    'no-eol.txt': Buffer.from('last line'),
    'empty.txt': Buffer.alloc(0),
    'large.bin': Buffer.alloc(3 << 20, 'x\n'),
  };
  for (const [p, b] of Object.entries(bodies)) write(dir, p, b);
  git(dir, 'add', '-A');
  const tree = readIndexTree(dir);
  const blobs = readBlobs(dir, Object.keys(bodies).map((p) => tree.get(p)!.oid));
  for (const [p, b] of Object.entries(bodies)) assert.ok(blobs.get(tree.get(p)!.oid)?.equals(b), p);
});

t('duplicates are read once; a missing id is left out, the rest still read', () => {
  const dir = tempRepo({ 'a.txt': 'same\n', 'b.txt': 'same\n', 'c.txt': 'other\n' });
  git(dir, 'add', '-A');
  const tree = readIndexTree(dir);
  const missing = '0000000000000000000000000000000000000001';
  const blobs = readBlobs(dir, [tree.get('a.txt')!.oid, tree.get('b.txt')!.oid, missing, tree.get('c.txt')!.oid]);
  assert.equal([...blobs.keys()].sort(), [tree.get('a.txt')!.oid, tree.get('c.txt')!.oid].sort());
  assert.is(blobs.get(tree.get('c.txt')!.oid)?.toString(), 'other\n');
  assert.is(readBlobs(dir, []).size, 0);
});

/** Runs `body` with git not on PATH: any git process it starts fails. */
function withoutGit<T>(body: () => T): T {
  const saved = process.env.PATH;
  process.env.PATH = '/nonexistent';
  try {
    return body();
  } finally {
    process.env.PATH = saved;
  }
}

t('blobId is git hash-object\'s id, SHA-1 and SHA-256', () => {
  const dir = tempRepo({ 'a.txt': 'some text\n', 'e': '' });
  for (const f of ['a.txt', 'e']) assert.is(blobId(Buffer.from(f === 'e' ? '' : 'some text\n'), 40), git(dir, 'hash-object', f).trim());
  const dir256 = mkdtempSync(path.join(tmpdir(), 'lp-git-256-'));
  git(dir256, 'init', '-q', '--object-format=sha256');
  write(dir256, 'a.txt', 'some text\n');
  assert.is(blobId(Buffer.from('some text\n'), 64), git(dir256, 'hash-object', 'a.txt').trim());
  assert.is(blobId(Buffer.from(''), 12), null);
  // Around SHA's 64-byte blocks and its 8-byte length field (with the 'blob N\0' header before the bytes).
  for (const size of [0, 1, 45, 46, 47, 54, 55, 56, 63, 64, 65, 110, 111, 127, 128, 1000, 70_000]) {
    const bytes = Buffer.from(Array.from({ length: size }, (_, i) => (i * 131 + size) % 256));
    write(dir, 'f.bin', bytes);
    assert.is(blobId(bytes, 40), git(dir, 'hash-object', 'f.bin').trim(), `SHA-1, ${size} bytes`);
    write(dir256, 'f.bin', bytes);
    assert.is(blobId(bytes, 64), git(dir256, 'hash-object', 'f.bin').trim(), `SHA-256, ${size} bytes`);
  }
});

t('readBlobsAt: clean files and symlinks come from the work tree, with no git process', () => {
  const dir = tempRepo({ 'Dockerfile': 'FROM x\n', 'sub/.dockerignore': 'node_modules\n' });
  link(dir, 'Dockerfile.link', 'Dockerfile');
  commitAll(dir);
  const tree = readIndexTree(dir);
  const wanted = ['Dockerfile', 'sub/.dockerignore', 'Dockerfile.link'].map((p) => ({ path: p, ...tree.get(p)! }));
  const blobs = withoutGit(() => readBlobsAt(dir, wanted));
  assert.is(blobs.get(tree.get('Dockerfile')!.oid)?.toString(), 'FROM x\n');
  assert.is(blobs.get(tree.get('sub/.dockerignore')!.oid)?.toString(), 'node_modules\n');
  assert.is(blobs.get(tree.get('Dockerfile.link')!.oid)?.toString(), 'Dockerfile');
});

t('readBlobsAt: an unstaged edit, a deleted file, a folder or a symlink where a file was staged: the staged blob, from git', () => {
  const dir = tempRepo({ 'edited': 'staged\n', 'deleted': 'gone\n', 'now-dir': 'file\n', 'now-link': 'file too\n', 'was-link-target': 'x\n' });
  link(dir, 'link-now-file', 'was-link-target');
  commitAll(dir);
  const tree = readIndexTree(dir);
  write(dir, 'edited', 'unstaged edit\n');
  rmSync(path.join(dir, 'deleted'));
  rmSync(path.join(dir, 'now-dir'));
  mkdirSync(path.join(dir, 'now-dir'));
  rmSync(path.join(dir, 'now-link'));
  link(dir, 'now-link', 'was-link-target');
  rmSync(path.join(dir, 'link-now-file'));
  write(dir, 'link-now-file', 'was-link-target');
  const names = ['edited', 'deleted', 'now-dir', 'now-link', 'link-now-file'];
  const blobs = readBlobsAt(dir, names.map((p) => ({ path: p, ...tree.get(p)! })));
  assert.equal(names.map((p) => blobs.get(tree.get(p)!.oid)?.toString()), ['staged\n', 'gone\n', 'file\n', 'file too\n', 'was-link-target']);
  assert.throws(() => withoutGit(() => readBlobsAt(dir, [{ path: 'edited', ...tree.get('edited')! }])), /git is not installed/, 'the edit is not taken for the blob');
});

t('readBlobsAt: a checkout filter (text=auto, eol=crlf) that changes the bytes on disk: the blob, not the file', () => {
  const dir = tempRepo({ '.gitattributes': 'Dockerfile text eol=crlf\n', 'Dockerfile': 'FROM x\nRUN y\n' });
  commitAll(dir);
  rmSync(path.join(dir, 'Dockerfile'));
  git(dir, 'checkout', '--', 'Dockerfile');
  const tree = readIndexTree(dir);
  assert.is(readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), 'FROM x\r\nRUN y\r\n', 'the work tree has CRLF');
  assert.is(readBlobsAt(dir, [{ path: 'Dockerfile', ...tree.get('Dockerfile')! }]).get(tree.get('Dockerfile')!.oid)?.toString(), 'FROM x\nRUN y\n');
});

t.run();
