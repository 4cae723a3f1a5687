/** Blob contents through one `git cat-file --batch`: bytes intact, whatever they hold. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readBlobs } from '../../src/git/blobs.js';
import { readIndexTree } from '../../src/git/tree.js';
import { git, tempRepo, write } from './_helpers/git-repo.js';

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

t.run();
