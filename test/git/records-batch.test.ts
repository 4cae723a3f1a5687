/** One cat-file kept open for a run's reads of the records: bytes as git has them, in the order asked, whatever their size. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import { CatFileBatch, parseTree } from '../../src/git/records-batch.js';
import { GitError } from '../../src/git/run-git.js';
import { commitAll, git, tempRepo, write } from './_helpers/git-repo.js';

const t = suite('git/records-batch');

t('objects of every size come back as git has them, reads asked before the first is answered in the order asked', async () => {
  const big = randomBytes(3 * 1024 * 1024 + 5); // many pipe chunks
  const repo = tempRepo({ 'a.txt': 'a\n', empty: '', 'dir/b.txt': 'b\n' });
  write(repo, 'big.bin', big);
  commitAll(repo);
  const batch = new CatFileBatch(repo);
  try {
    const [first, second, third] = await Promise.all([batch.read(['HEAD:a.txt', 'HEAD:big.bin']), batch.read(['HEAD:empty', 'HEAD:nothing-here']), batch.read(['HEAD:dir/b.txt'])]);
    assert.equal(first.map((b) => b?.toString('latin1')), ['a\n', big.toString('latin1')]);
    assert.equal(second, [Buffer.alloc(0), null], 'an empty blob, and a name git has nothing of');
    assert.equal(third.map((b) => b?.toString()), ['b\n']);
    // Later reads on the same process, after the others were answered.
    const oid = git(repo, 'rev-parse', 'HEAD:a.txt').trim();
    assert.equal((await batch.read([oid]))[0]?.toString(), 'a\n');
    assert.equal(await batch.read([]), []);
  } finally {
    batch.close();
  }
});

t('a tree read through it lists what ls-tree lists', async () => {
  const repo = tempRepo({ 'a.txt': 'a\n', 'dir/b.txt': 'b\n', 'x y.txt': 'space\n', 'é.txt': 'e\n' });
  commitAll(repo);
  const batch = new CatFileBatch(repo);
  try {
    const [tree] = await batch.read(['HEAD^{tree}']);
    const listed = git(repo, 'ls-tree', '-z', 'HEAD').split('\0').filter(Boolean).map((row) => {
      const [meta, name] = row.split('\t');
      const [mode, , oid] = (meta as string).split(' ');
      return { mode: mode === '040000' ? '40000' : mode, name, oid };
    });
    assert.equal(parseTree(tree as Buffer, batch.idLength / 2), listed);
  } finally {
    batch.close();
  }
});

t('outside a repository the read fails with git\'s own words', async () => {
  const batch = new CatFileBatch('/');
  try {
    await batch.read(['HEAD']);
    assert.unreachable('read outside a repository');
  } catch (err) {
    assert.instance(err, GitError);
    assert.match((err as Error).message, /git cat-file: /);
  } finally {
    batch.close();
  }
});

t.run();
