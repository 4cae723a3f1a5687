/**
 * readIndexAgainst against the plain readers: whatever the staged change
 * (edits, mode and type changes, additions, deletions, submodules, intent to
 * add, a conflict), the revision's tree and the changed paths are what a full
 * ls-tree listing and changedPaths give, in the same order.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { changedPaths } from '../../src/app/check.js';
import { agreesWithIndex, parseDiffIndex, revisionFromIndex } from '../../src/git/index-diff.js';
import { openRepo } from '../../src/git/repo.js';
import { diffIndex, readIndexAgainst, readIndexTree, readRevTree } from '../../src/git/tree.js';
import { addGitlink, commitAll, git, link, mergeConflict, tempRepo, write } from './_helpers/git-repo.js';

const t = suite('git/index-diff');

async function assertSameAsListing(dir: string, label: string): Promise<void> {
  const got = await readIndexAgainst(openRepo(dir), 'HEAD');
  const rev = readRevTree(dir, 'HEAD');
  assert.equal([...got.index], [...readIndexTree(dir)], `${label}: index`);
  assert.equal([...(got.rev ?? [])], [...(rev ?? [])], `${label}: revision, in ls-tree's order`);
  if (got.changed !== null) assert.equal([...got.changed].sort(), [...changedPaths(rev ?? new Map(), got.index)].sort(), `${label}: changed paths`);
  // check starts the diff from wherever it runs, before it knows the top of the work tree.
  const fromSub = await readIndexAgainst(openRepo(dir), 'HEAD', diffIndex(path.join(dir, 'b'), 'HEAD'));
  assert.equal(plain(fromSub), plain(got), `${label}: diffed from a subfolder, with diff.relative set`);
}

/** The trees as their entries: a tree read from the index file keeps what it has made so far, which equal trees need not share. */
function plain(r: Awaited<ReturnType<typeof readIndexAgainst>>): unknown {
  return { index: [...r.index], rev: r.rev === null ? null : [...r.rev], changed: r.changed === null ? null : [...r.changed] };
}

function repo(): string {
  const dir = tempRepo({ 'a.txt': 'a\n', 'b/c.txt': 'c\n', 'b-d.txt': 'd\n', 'run.sh': 'echo\n', 'gone.txt': 'g\n' });
  git(dir, 'config', 'diff.relative', 'true');
  addGitlink(dir, 'vendor/lib');
  commitAll(dir);
  return dir;
}

t('edits, a mode change, a file turned symlink, an added file and a moved submodule: the tree comes from the index', async () => {
  const dir = repo();
  write(dir, 'b/c.txt', 'c2\n');
  write(dir, 'run.sh', 'echo\n', 0o755);
  rmSync(path.join(dir, 'a.txt'));
  link(dir, 'a.txt', 'b/c.txt');
  write(dir, 'b/new.txt', 'n\n');
  git(dir, 'add', '-A');
  addGitlink(dir, 'vendor/lib', '1111111111111111111111111111111111111111');
  const got = await readIndexAgainst(openRepo(dir), 'HEAD');
  assert.ok(got.changed !== null, 'taken from the diff');
  assert.equal([...(got.changed ?? [])].sort(), ['a.txt', 'b/c.txt', 'b/new.txt', 'run.sh', 'vendor/lib']);
  await assertSameAsListing(dir, 'edits');
});

t('only edits and mode changes (the usual staged change): the revision read through the index is the listing', async () => {
  const dir = repo();
  write(dir, 'b/c.txt', 'c2\n');
  write(dir, 'run.sh', 'echo\n', 0o755);
  git(dir, 'add', '-A');
  const got = await readIndexAgainst(openRepo(dir), 'HEAD');
  assert.equal([...(got.changed ?? [])].sort(), ['b/c.txt', 'run.sh']);
  assert.is(got.rev?.get('b/c.txt')?.oid, readRevTree(dir, 'HEAD')?.get('b/c.txt')?.oid);
  assert.is(got.rev?.size, got.index.size);
  await assertSameAsListing(dir, 'only edits');
});

t('a deleted file, an intent-to-add file, nothing staged: still the listing\'s answer', async () => {
  const dir = repo();
  await assertSameAsListing(dir, 'nothing staged');
  git(dir, 'rm', '-q', 'gone.txt');
  await assertSameAsListing(dir, 'deleted');
  write(dir, 'later.txt', 'l\n');
  git(dir, 'add', '-N', 'later.txt');
  await assertSameAsListing(dir, 'intent to add');
});

t('during a conflict, and before the first commit, the plain readers decide', async () => {
  const dir = tempRepo({ 'c.txt': 'base\n' });
  assert.equal(plain(await readIndexAgainst(openRepo(dir), 'HEAD')), { index: [], rev: null, changed: null }, 'no commit yet');
  commitAll(dir);
  assert.ok(mergeConflict(dir), 'the merge should conflict');
  const got = await readIndexAgainst(openRepo(dir), 'HEAD');
  assert.is(got.changed, null, 'a conflict is not taken from the diff');
  await assertSameAsListing(dir, 'conflict');
});

t('the diff parser: records, no output, and anything else refused', () => {
  const a = 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391';
  const z = '0000000000000000000000000000000000000000';
  assert.equal(parseDiffIndex(`:000000 100644 ${z} ${a} A\0new file\0:100644 000000 ${a} ${z} D\0old\0`), [
    { path: 'new file', status: 'A', before: null, after: { mode: '100644', oid: a } },
    { path: 'old', status: 'D', before: { mode: '100644', oid: a }, after: null },
  ]);
  assert.equal(parseDiffIndex(''), []);
  assert.is(parseDiffIndex(`:000000 100644 ${z} ${a} A\0`), null, 'a record without its path');
  assert.is(parseDiffIndex('fatal: bad revision\n'), null);
  const index = new Map([['x', { mode: '100644' as const, oid: a }]]);
  assert.not.ok(agreesWithIndex(index, [{ path: 'x', status: 'M', before: { mode: '100644', oid: z }, after: { mode: '100644', oid: z } }]), 'the index says otherwise');
  assert.is(revisionFromIndex(index, [{ path: 'y', status: 'D', before: { mode: '100644', oid: a }, after: null }]), null, 'a deletion is left to a listing');
});

t.run();
