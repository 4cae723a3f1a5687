/**
 * Contexts built from git trees (readSide → contextFromTree): .dockerignore
 * applied, a context that is a subfolder, the ignore file each builder picks,
 * symlinks, submodules, and the same entries as a walk of a fresh checkout.
 */
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadContext, type ContextSnapshot } from '../../src/context/index.js';
import { IgnoreFileError } from '../../src/context/errors.js';
import { readBaseAndIndex, readSide } from '../../src/git/side.js';
import { openRepo } from '../../src/git/repo.js';
import { readIndexAgainst, readIndexTree, readRevTree } from '../../src/git/tree.js';
import { rmSync } from 'node:fs';
import { addGitlink, commitAll, git, link, tempRepo, write } from './_helpers/git-repo.js';

const t = suite('git/side');

const shape = (s: ContextSnapshot): string[] => [...s.entries.values()].map((e) => `${e.path} ${e.type} ${e.mode.toString(8)}${e.linkTarget !== undefined ? ` -> ${e.linkTarget}` : ''}`).sort();

function indexSide(dir: string, dockerfile: string, context: string, builder: 'buildkit' | 'buildah' = 'buildkit'): ReturnType<typeof readSide> {
  return readSide(dir, readIndexTree(dir), { dockerfile, context }, builder);
}

t('.dockerignore applies: excluded files and folders are gone, a re-included file keeps its folders', () => {
  const dir = tempRepo({
    Dockerfile: 'FROM scratch\nCOPY . .\n',
    '.dockerignore': 'docs\n*.md\n!KEEP.md\nlogs/**\n!logs/keep/this.log\n',
    'KEEP.md': 'k\n',
    'README.md': 'r\n',
    'docs/guide.txt': 'g\n',
    'logs/a.log': 'a\n',
    'logs/keep/this.log': 't\n',
    'src/app.js': 'x\n',
  });
  git(dir, 'add', '-A');
  const side = indexSide(dir, 'Dockerfile', '');
  assert.equal([...side.snapshot.entries.keys()].sort(), ['.dockerignore', 'Dockerfile', 'KEEP.md', 'logs', 'logs/keep', 'logs/keep/this.log', 'src', 'src/app.js']);
  assert.is(side.snapshot.ignoreFile, '.dockerignore');
  assert.is(side.ignoreFile, '.dockerignore');
  assert.is(side.text, 'FROM scratch\nCOPY . .\n');
});

t('digests are blob ids; modes are 644/755 files, 755 folders; symlinks carry their target; a submodule is an empty folder', () => {
  const dir = tempRepo({ Dockerfile: 'FROM scratch\n', 'app.js': 'a\n' });
  write(dir, 'run.sh', '#!/bin/sh\n', 0o775);
  link(dir, 'latest', 'app.js');
  git(dir, 'add', '-A');
  addGitlink(dir, 'vendor/lib');
  const side = indexSide(dir, 'Dockerfile', '');
  assert.is(side.snapshot.entries.get('app.js')?.digest, git(dir, 'hash-object', 'app.js').trim());
  assert.equal(shape(side.snapshot), ['Dockerfile file 644', 'app.js file 644', 'latest symlink 777 -> app.js', 'run.sh file 755', 'vendor dir 755', 'vendor/lib dir 755']);
});

t('a subfolder context: paths relative to it, nothing from beside it (not even a folder whose name starts the same)', () => {
  const dir = tempRepo({
    '.dockerignore': 'secret\n',
    'services/api/Dockerfile': 'FROM scratch\n',
    'services/api/.dockerignore': 'tmp\n',
    'services/api/src/main.go': 'package main\n',
    'services/api/tmp/x': 'x\n',
    'services/api/secret': 's\n',
    'services/api2/other.go': 'o\n',
    'top.txt': 't\n',
  });
  git(dir, 'add', '-A');
  const side = indexSide(dir, 'services/api/Dockerfile', 'services/api');
  assert.equal([...side.snapshot.entries.keys()].sort(), ['.dockerignore', 'Dockerfile', 'secret', 'src', 'src/main.go']);
  assert.is(side.snapshot.root, path.join(dir, 'services/api'));
  assert.is(side.snapshot.ignoreFile, '.dockerignore');
  assert.is(side.ignoreFile, 'services/api/.dockerignore');
});

t('BuildKit prefers <Dockerfile>.dockerignore; buildah prefers .containerignore over .dockerignore in the context', () => {
  const dir = tempRepo({
    'app/Dockerfile': 'FROM scratch\n',
    'app/Dockerfile.dockerignore': 'a.txt\n',
    'app/.dockerignore': 'b.txt\n',
    'app/.containerignore': 'c.txt\n',
    'app/a.txt': 'a\n',
    'app/b.txt': 'b\n',
    'app/c.txt': 'c\n',
  });
  git(dir, 'add', '-A');
  const kept = (s: ContextSnapshot): string[] => ['a.txt', 'b.txt', 'c.txt'].filter((f) => s.entries.has(f));
  const bk = indexSide(dir, 'app/Dockerfile', 'app');
  assert.equal(kept(bk.snapshot), ['b.txt', 'c.txt']);
  assert.is(bk.ignoreFile, 'app/Dockerfile.dockerignore');
  git(dir, 'rm', '-q', '--cached', 'app/Dockerfile.dockerignore');
  const ah = indexSide(dir, 'app/Dockerfile', 'app', 'buildah');
  assert.equal(kept(ah.snapshot), ['a.txt', 'b.txt']);
  assert.is(ah.ignoreFile, 'app/.containerignore');
});

t('an ignore file beside a Dockerfile outside the context: its display path, taken from the context, is the file', () => {
  const dir = tempRepo({
    'docker/api.Dockerfile': 'FROM scratch\n',
    'docker/api.Dockerfile.dockerignore': 'notes.txt\n',
    'services/notes.txt': 'n\n',
    'services/main.go': 'm\n',
  });
  git(dir, 'add', '-A');
  const side = indexSide(dir, 'docker/api.Dockerfile', 'services');
  assert.equal([...side.snapshot.entries.keys()], ['main.go']);
  assert.is(side.ignoreFile, 'docker/api.Dockerfile.dockerignore');
  // `layerplan fix` appends to path.posix.join(context, snapshot.ignoreFile): that must be the file that applied.
  assert.is(path.posix.join('services', side.snapshot.ignoreFile ?? ''), 'docker/api.Dockerfile.dockerignore');
});

t('each side reads its own tree: a staged .dockerignore counts, the working tree and HEAD do not mix in', () => {
  const dir = tempRepo({ Dockerfile: 'FROM scratch\n', '.dockerignore': 'a.txt\n', 'a.txt': 'a\n', 'b.txt': 'b\n' });
  commitAll(dir);
  write(dir, '.dockerignore', 'b.txt\n');
  git(dir, 'add', '.dockerignore');
  write(dir, '.dockerignore', '*.txt\n'); // unstaged
  const target = { dockerfile: 'Dockerfile', context: '' };
  const staged = readSide(dir, readIndexTree(dir), target, 'buildkit');
  const head = readSide(dir, readRevTree(dir, 'HEAD')!, target, 'buildkit');
  assert.ok(staged.snapshot.entries.has('a.txt') && !staged.snapshot.entries.has('b.txt'));
  assert.ok(head.snapshot.entries.has('b.txt') && !head.snapshot.entries.has('a.txt'));
});

t('a Dockerfile missing from a tree reads as null text; a symlinked Dockerfile reads as the file it points to', () => {
  const dir = tempRepo({ 'docker/Dockerfile.prod': 'FROM scratch\nCOPY . .\n', 'app.js': 'a\n' });
  link(dir, 'Dockerfile', 'docker/Dockerfile.prod');
  link(dir, 'Dockerfile.up', '../outside/Dockerfile');
  link(dir, 'Dockerfile.loop', 'Dockerfile.loop');
  git(dir, 'add', '-A');
  assert.is(indexSide(dir, 'Dockerfile.missing', '').text, null);
  assert.is(indexSide(dir, 'Dockerfile', '').text, 'FROM scratch\nCOPY . .\n');
  assert.is(indexSide(dir, 'Dockerfile.up', '').text, null, 'a link out of the repository is not followed');
  assert.is(indexSide(dir, 'Dockerfile.loop', '').text, null, 'a loop ends');
});

t('a syntax error in the ignore file names the file and line', () => {
  const dir = tempRepo({ Dockerfile: 'FROM scratch\n', '.dockerignore': 'ok\n!\n' });
  git(dir, 'add', '-A');
  try {
    indexSide(dir, 'Dockerfile', '');
    assert.unreachable('should throw');
  } catch (err) {
    assert.instance(err, IgnoreFileError);
    assert.is((err as IgnoreFileError).file, '.dockerignore');
    assert.is((err as IgnoreFileError).syntax.line, 2);
  }
});

t('the same entries, modes and link targets as the builders\' walk of the working tree (umask 022)', async () => {
  const dir = tempRepo({
    Dockerfile: 'FROM scratch\n',
    '.dockerignore': '**/*.log\n!important.log\nbuild/\n',
    'important.log': 'i\n',
    'deep/a/b/c.log': 'c\n',
    'deep/a/b/keep.txt': 'k\n',
    'build/out.bin': 'o\n',
    'name with space/ünïcode.txt': 'u\n',
  });
  write(dir, 'tools/x.sh', '#!/bin/sh\n', 0o755);
  link(dir, 'tools/alias', 'x.sh');
  git(dir, 'add', '-A');
  const fromGit = indexSide(dir, 'Dockerfile', '').snapshot;
  const walked = await loadContext({ root: dir, dockerfile: path.join(dir, 'Dockerfile'), builder: 'buildkit', statCacheDir: null });
  const withoutGitDir = (s: ContextSnapshot): string[] => shape(s).filter((l) => !l.startsWith('.git ') && !l.startsWith('.git/'));
  assert.equal(shape(fromGit), withoutGitDir(walked));
});

// readBaseAndIndex makes one side from the other's snapshot when it can, and reads each side's symlinks from the
// index's: both sides must be what reading each tree alone gives, and patchOf set only for a files-only change.
const BOTH_SIDES: Record<string, { edit: (dir: string) => void; patch: string[] | null }> = {
  'a file edited': { edit: (dir) => write(dir, 'app/main.js', 'v2\n'), patch: ['main.js'] },
  'a file made executable': { edit: (dir) => write(dir, 'app/run.sh', '#!/bin/sh\n', 0o755), patch: ['run.sh'] },
  'a symlink retargeted': { edit: (dir) => { rmSync(`${dir}/app/latest`); link(dir, 'app/latest', 'run.sh'); }, patch: null },
  'a file replaced by a symlink': { edit: (dir) => { rmSync(`${dir}/app/main.js`); link(dir, 'app/main.js', 'run.sh'); }, patch: null },
  'a symlink replaced by a file': { edit: (dir) => { rmSync(`${dir}/app/latest`); write(dir, 'app/latest', 'now a file\n'); }, patch: null },
  'a file added': { edit: (dir) => write(dir, 'app/new.js', 'n\n'), patch: null },
  'an ignored file edited': { edit: (dir) => write(dir, 'app/debug.log', 'more\n'), patch: [] },
  'a file beside the context edited': { edit: (dir) => write(dir, 'other/x.js', 'x2\n'), patch: [] },
};

for (const [name, { edit, patch }] of Object.entries(BOTH_SIDES)) {
  t(`readBaseAndIndex, ${name}: each side as read alone${patch ? ', the index side a patch of the base side' : ''}`, async () => {
    const dir = tempRepo({ 'app/Dockerfile': 'FROM scratch\nCOPY . .\n', 'app/.dockerignore': '*.log\n', 'app/main.js': 'v1\n', 'app/debug.log': 'x\n', 'other/x.js': 'x\n' });
    write(dir, 'app/run.sh', '#!/bin/sh\n', 0o644);
    link(dir, 'app/latest', 'main.js');
    commitAll(dir);
    edit(dir);
    git(dir, 'add', '-A');
    const { index, rev, changed } = await readIndexAgainst(openRepo(dir), 'HEAD');
    assert.ok(rev && changed);
    const target = { dockerfile: 'app/Dockerfile', context: 'app' };
    const [before, after] = readBaseAndIndex(dir, rev, index, changed, target, 'buildkit');
    const alone = (tree: typeof index): string[] => [...readSide(dir, tree, target, 'buildkit').snapshot.entries.values()].map((e) => JSON.stringify(e)).sort();
    assert.equal([...before.snapshot.entries.values()].map((e) => JSON.stringify(e)).sort(), alone(rev), 'the base side');
    assert.equal([...after.snapshot.entries.values()].map((e) => JSON.stringify(e)).sort(), alone(index), 'the index side');
    assert.equal(after.patchOf ? [...after.patchOf.paths] : null, patch);
    if (after.patchOf) assert.is(after.patchOf.base, before.snapshot);
  });
}

t.run();
