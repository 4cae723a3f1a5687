/** Trees from `git ls-files -s -z` and `git ls-tree -r -z`, read from real repositories. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { hasPathUnder, linkPaths, parseLsFiles, parseLsTree, pathsContaining, readIndexAndRevTree, readIndexTree, readRevTree, type GitTree } from '../../src/git/tree.js';
import { addGitlink, commitAll, git, link, mergeConflict, SUBMODULE_COMMIT, tempRepo, write } from './_helpers/git-repo.js';

const t = suite('git/tree');

// Names git would quote (`"a\tb"`, octal escapes for UTF-8) without -z: the parser must see them raw.
const ODD_NAMES = ['with space.txt', 'dir with space/inner file', 'café/naïve.md', '日本語.txt', 'quote"d.txt', 'back\\slash.txt', 'tab\there.txt', 'new\nline.txt', '-leading-dash'];

function oddRepo(): string {
  const dir = tempRepo();
  for (const name of ODD_NAMES) write(dir, name, `${name}\n`);
  write(dir, 'bin/run.sh', '#!/bin/sh\n', 0o755);
  link(dir, 'current', 'bin/run.sh');
  git(dir, 'add', '-A');
  addGitlink(dir, 'vendor/lib');
  return dir;
}

function modes(tree: GitTree): Record<string, string> {
  return Object.fromEntries([...tree].map(([p, e]) => [p, e.mode]));
}

t('the index: every odd path comes back byte for byte, with its blob id', () => {
  const dir = oddRepo();
  const tree = readIndexTree(dir);
  assert.equal([...tree.keys()].sort(), [...ODD_NAMES, 'bin/run.sh', 'current', 'vendor/lib'].sort());
  for (const name of ODD_NAMES) {
    assert.is(tree.get(name)?.oid, git(dir, 'hash-object', '--', name).trim(), name);
    assert.is(tree.get(name)?.mode, '100644', name);
  }
});

t('modes: executable 100755, symlink 120000 (blob = target), submodule 160000 (commit id)', () => {
  const dir = oddRepo();
  const tree = readIndexTree(dir);
  assert.is(tree.get('bin/run.sh')?.mode, '100755');
  assert.is(tree.get('current')?.mode, '120000');
  assert.is(git(dir, 'cat-file', 'blob', tree.get('current')!.oid), 'bin/run.sh');
  assert.equal(tree.get('vendor/lib'), { mode: '160000', oid: SUBMODULE_COMMIT });
});

t('a committed tree reads the same as the index it came from (ls-tree -r lists blobs, not folders)', () => {
  const dir = oddRepo();
  git(dir, 'commit', '-q', '-m', 'odd');
  const index = readIndexTree(dir);
  const head = readRevTree(dir, 'HEAD');
  assert.ok(head);
  assert.equal(modes(head), modes(index));
  assert.equal([...head].sort(), [...index].sort());
  assert.not.ok(head.has('bin'), 'folders are not entries');
});

t('reading from a subfolder still gives repository-relative paths for the revision', () => {
  const dir = oddRepo();
  git(dir, 'commit', '-q', '-m', 'odd');
  assert.ok(readRevTree(`${dir}/bin`, 'HEAD')?.has('café/naïve.md'));
});

t('the index is what is staged: unstaged edits and untracked files do not count, a staged removal does', () => {
  const dir = tempRepo({ 'a.txt': 'one\n', 'b.txt': 'b\n' });
  commitAll(dir);
  const before = readIndexTree(dir);
  write(dir, 'a.txt', 'two\n');
  write(dir, 'untracked.txt', 'x\n');
  git(dir, 'rm', '-q', '--cached', 'b.txt');
  const after = readIndexTree(dir);
  assert.equal(after.get('a.txt'), before.get('a.txt'));
  assert.not.ok(after.has('untracked.txt'));
  assert.not.ok(after.has('b.txt'));
  assert.ok(readRevTree(dir, 'HEAD')?.has('b.txt'));
});

t('a revision that does not resolve is null: HEAD before the first commit, an unknown branch', () => {
  const dir = tempRepo({ 'a.txt': 'a\n' });
  git(dir, 'add', '-A');
  assert.is(readRevTree(dir, 'HEAD'), null);
  assert.is(readRevTree(dir, 'no-such-branch'), null);
  commitAll(dir);
  assert.ok(readRevTree(dir, 'HEAD')?.has('a.txt'));
  assert.is(readRevTree(dir, 'no-such-branch'), null);
});

t('readIndexAndRevTree reads both sides as the one-at-a-time readers do', async () => {
  const dir = oddRepo();
  git(dir, 'commit', '-q', '-m', 'odd');
  write(dir, 'with space.txt', 'changed\n');
  git(dir, 'add', '-A');
  const [index, rev] = await readIndexAndRevTree(dir, 'HEAD');
  assert.equal([...index], [...readIndexTree(dir)]);
  assert.equal([...(rev ?? [])], [...(readRevTree(dir, 'HEAD') ?? [])]);
  assert.is.not(index.get('with space.txt')?.oid, rev?.get('with space.txt')?.oid);
  const [, none] = await readIndexAndRevTree(dir, 'no-such-branch');
  assert.is(none, null);
});

t('during a merge conflict the path stands for "ours" (stage 2)', () => {
  const dir = tempRepo({ 'c.txt': 'base\n' });
  commitAll(dir);
  assert.ok(mergeConflict(dir), 'the merge should conflict');
  assert.match(git(dir, 'ls-files', '-s'), /^100644 \w+ 3\tc\.txt$/m, 'the index holds stages 1-3');
  assert.is(readIndexTree(dir).get('c.txt')?.oid, git(dir, 'rev-parse', 'main:c.txt').trim());
});

t('the parsers skip empty output and records without a tab', () => {
  assert.is(parseLsFiles('').size, 0);
  assert.is(parseLsTree('').size, 0);
  assert.is(parseLsFiles('garbage\0').size, 0);
  const oid = 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391';
  assert.equal([...parseLsTree(`100644 blob ${oid}\ta\tb\0`)], [['a\tb', { mode: '100644', oid }]]);
  assert.equal([...parseLsFiles([`100644 ${oid} 1\tx`, `100644 ${oid} 3\tx`, ''].join('\0'))], [], 'stages 1 and 3 alone: nothing');
});

t('pathsContaining and linkPaths: from the listing as from the paths themselves', () => {
  const oid = 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391';
  const records = [`100644 ${oid} 0\tDockerfile`, `120000 ${oid} 0\tdocs/Dockerfile.link`, `100644 ${oid} 0\tsvc/a.Dockerfile`, `100644 ${oid} 1\tconflict/Dockerfile`, `100644 ${oid} 0\tREADME.md`, `120000 ${oid} 0\tlatest`, `100644 ${oid} 0\tDockerfile/Dockerfile.x`, `100644 ${oid} 0\tContainerfile`];
  const listed = parseLsFiles(`${records.join('\0')}\0`);
  const copy: GitTree = new Map(listed);
  const needles = ['Dockerfile', 'Containerfile'];
  const expected = ['Containerfile', 'Dockerfile', 'Dockerfile/Dockerfile.x', 'docs/Dockerfile.link', 'svc/a.Dockerfile'];
  assert.equal(pathsContaining(listed, needles).sort(), expected);
  assert.equal(pathsContaining(copy, needles).sort(), expected);
  assert.equal([...linkPaths(listed)].sort(), ['docs/Dockerfile.link', 'latest']);
  assert.equal([...linkPaths(copy)].sort(), ['docs/Dockerfile.link', 'latest']);
  assert.equal(pathsContaining(parseLsFiles(`100644 ${oid} 0\tDockerfile`), needles), ['Dockerfile'], 'the last record, without a NUL');
  for (const tree of [listed, copy]) {
    assert.ok(hasPathUnder(tree, 'docs') && hasPathUnder(tree, 'Dockerfile'), 'folders with paths below');
    assert.not.ok(hasPathUnder(tree, 'doc') || hasPathUnder(tree, 'README.md') || hasPathUnder(tree, 'conflict'), 'a prefix, a file, a folder of a stage-1 path only');
  }
});

t.run();
