import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { builtFrom, changedSince, gitOfBuild, treeIds } from '../../src/git/records-built.js';
import { readIndexTree } from '../../src/git/tree.js';
import { addGitlink, commitAll, git, link, tempRepo, write } from './_helpers/git-repo.js';

const t = suite('git/records-built');

/** Names that sort differently as paths and as tree entries ("a-b" before "a/", "a0" after it), an executable, a symlink, a submodule, non-ASCII. */
function awkwardRepo(): string {
  const repo = tempRepo({ 'a-b': '1\n', 'a/c': '2\n', 'a/d/e.txt': '3\n', a0: '4\n', 'svc/Dockerfile': 'FROM x\n', 'svc/src/é.txt': '5\n', 'z.txt': '6\n' });
  write(repo, 'run.sh', '#!/bin/sh\n', 0o755);
  link(repo, 'svc/link', '../z.txt');
  git(repo, 'add', '-A');
  addGitlink(repo, 'vendor/sub');
  git(repo, 'commit', '-q', '-m', 'c');
  return repo;
}

t('every folder of the index gets the tree id git writes for it', () => {
  const repo = awkwardRepo();
  const ids = treeIds(readIndexTree(repo));
  const root = git(repo, 'write-tree').trim();
  assert.is(ids.get(''), root);
  for (const dir of ['a', 'a/d', 'svc', 'svc/src', 'vendor']) assert.is(ids.get(dir), git(repo, 'rev-parse', `${root}:${dir}`).trim(), dir);
  write(repo, 'svc/src/é.txt', 'changed\n');
  git(repo, 'add', '-A');
  const after = treeIds(readIndexTree(repo));
  assert.is(after.get('a'), ids.get('a'), 'a folder the change did not touch keeps its id');
  assert.is.not(after.get('svc'), ids.get('svc'));
  assert.is(after.get('svc'), git(repo, 'rev-parse', `${git(repo, 'write-tree').trim()}:svc`).trim());
});

t('a build from a clean checkout notes the commit, the context tree and the Dockerfile and its ignore files; any change under the context makes it not clean', () => {
  const repo = awkwardRepo();
  const head = git(repo, 'rev-parse', 'HEAD').trim();
  const built = gitOfBuild(path.join(repo, 'svc'), path.join(repo, 'svc', 'Dockerfile'), 'buildkit');
  assert.equal(built, {
    commit: head, clean: true, contextTree: git(repo, 'rev-parse', 'HEAD:svc').trim(),
    files: { 'svc/Dockerfile': git(repo, 'rev-parse', 'HEAD:svc/Dockerfile').trim(), 'svc/Dockerfile.dockerignore': null },
  });
  write(repo, 'z.txt', 'outside the context\n');
  assert.is(builtFrom(path.join(repo, 'svc'), path.join(repo, 'svc', 'Dockerfile'), [])?.clean, true, 'an edit outside the context does not count');
  write(repo, 'svc/new.txt', 'untracked, sent to the builder\n');
  assert.equal(builtFrom(path.join(repo, 'svc'), path.join(repo, 'svc', 'Dockerfile'), []), { commit: head, clean: false, contextTree: null, files: {} });
  write(repo, '.gitignore', 'svc/new.txt\n');
  commitAll(repo);
  assert.is(builtFrom(path.join(repo, 'svc'), path.join(repo, 'svc', 'Dockerfile'), [])?.clean, true, 'git status leaves a gitignored file out');
  assert.is(gitOfBuild(path.join(repo, 'svc'), path.join(repo, 'svc', 'Dockerfile'), 'buildkit')?.clean, false, 'but the builder is sent it: no tree id covers it');
  write(repo, 'svc/.dockerignore', 'new.txt\n');
  commitAll(repo);
  assert.is(gitOfBuild(path.join(repo, 'svc'), path.join(repo, 'svc', 'Dockerfile'), 'buildkit')?.clean, true, 'a gitignored file the ignore file leaves out is not sent');
  write(repo, 'svc/out/bundle.js', 'built\n');
  write(repo, '.gitignore', 'svc/new.txt\nsvc/out/\n');
  commitAll(repo);
  assert.is(gitOfBuild(path.join(repo, 'svc'), path.join(repo, 'svc', 'Dockerfile'), 'buildkit')?.clean, false, 'a gitignored folder the ignore file keeps is sent');
  write(repo, 'svc/.dockerignore', 'new.txt\nout\n');
  commitAll(repo);
  assert.is(gitOfBuild(path.join(repo, 'svc'), path.join(repo, 'svc', 'Dockerfile'), 'buildkit')?.clean, true, 'a gitignored folder the ignore file leaves out is not');
  assert.is(builtFrom(path.join(repo, 'svc'), '/elsewhere/Dockerfile', [])?.clean, false, 'a Dockerfile outside the repository is not in its commit');
});

t('a context that sends the repository\'s .git folder is not clean: its ignore file must leave .git out', () => {
  const repo = tempRepo({ Dockerfile: 'FROM x\nCOPY . .\n', 'a.txt': 'a\n' });
  commitAll(repo);
  assert.is(gitOfBuild(repo, path.join(repo, 'Dockerfile'), 'buildkit')?.clean, false, 'no ignore file: .git is sent');
  write(repo, '.dockerignore', 'node_modules\n');
  commitAll(repo);
  assert.is(gitOfBuild(repo, path.join(repo, 'Dockerfile'), 'buildkit')?.clean, false, 'an ignore file that keeps .git');
  write(repo, '.dockerignore', '.git\nnode_modules\n');
  commitAll(repo);
  const built = gitOfBuild(repo, path.join(repo, 'Dockerfile'), 'buildkit');
  assert.is(built?.clean, true);
  assert.is(built?.contextTree, git(repo, 'rev-parse', 'HEAD^{tree}').trim(), 'the root context: the commit\'s tree');
});

t('outside a repository, or before its first commit, a build notes nothing', () => {
  assert.is(builtFrom('/', '/Dockerfile', []), null);
  const repo = tempRepo({ Dockerfile: 'FROM x\n' });
  assert.is(builtFrom(repo, path.join(repo, 'Dockerfile'), []), null);
});

t('changedSince: what the index changed since each commit (status, both sides\' modes and blobs); null for a commit this clone lacks', async () => {
  const repo = awkwardRepo();
  const head = git(repo, 'rev-parse', 'HEAD').trim();
  write(repo, 'a/c', 'staged\n');
  write(repo, 'a/d/e.txt', 'not staged\n');
  git(repo, 'add', 'a/c');
  git(repo, 'rm', '-q', 'z.txt');
  const changed = await changedSince(repo, [head, head, '0123456789abcdef0123456789abcdef01234567']);
  const blob = (rev: string): string => git(repo, 'rev-parse', rev).trim();
  assert.equal(changed.get(head), [
    { path: 'a/c', status: 'M', before: { mode: '100644', oid: blob('HEAD:a/c') }, after: { mode: '100644', oid: blob(':a/c') } },
    { path: 'z.txt', status: 'D', before: { mode: '100644', oid: blob('HEAD:z.txt') }, after: null },
  ]);
  assert.is(changed.get('0123456789abcdef0123456789abcdef01234567'), null);
});

t.run();
