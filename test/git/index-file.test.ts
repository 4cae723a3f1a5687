/**
 * The index file read directly against `git ls-files -s -z` read by parseLsFiles, the reader it stands in
 * for: every index version git writes, the entries that carry extended flags, conflicts, symlinks,
 * submodules, long and non-ASCII names, other repositories' real trees; and null (ls-files answers) for
 * what it does not read.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseIndex, readIndexFile } from '../../src/git/index-file.js';
import { IndexTree } from '../../src/git/index-tree.js';
import { likelyIndexFile, openRepo, openRepoAsync } from '../../src/git/repo.js';
import { hasPathUnder, linkPaths, parseLsFiles, pathsContaining, readIndexTree, readStagedTree } from '../../src/git/tree.js';
import { unless } from '../_helpers/skip.js';
import { addGitlink, commitAll, git, link, mergeConflict, tempRepo, write } from './_helpers/git-repo.js';

const t = suite('git/index-file');

/** What ls-files says of the repository's index, through parseLsFiles. */
function listed(dir: string, env: Record<string, string> = {}): Map<string, unknown> {
  const r = gitEnv(dir, env, 'ls-files', '-s', '-z');
  return new Map(parseLsFiles(r));
}

function gitEnv(dir: string, env: Record<string, string>, ...args: string[]): string {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return git(dir, ...args);
  } finally {
    for (const k of Object.keys(env)) if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
}

/** The direct reader's tree, as a plain map, and the same through readStagedTree. */
function direct(dir: string): Map<string, unknown> {
  const repo = openRepo(dir);
  const read = readIndexFile(repo.indexFile, 'sha1');
  if (read === null) throw new Error(`${dir}: the index reader declined`);
  const tree = readStagedTree(repo);
  assert.equal(new Map(tree), new Map(read));
  lookups(read);
  return new Map(tree);
}

/**
 * The tree's lookups agree with its listing (binary search in a sorted
 * tree, a map in one with names past ASCII): every path found as listed,
 * paths next to them not, and each folder's paths as a scan finds them.
 */
function lookups(tree: IndexTree): void {
  const listing = [...tree];
  const names = new Set(listing.map(([p]) => p));
  for (const [p, e] of listing) {
    assert.equal(tree.get(p), e, p);
    for (const near of [`${p}!`, `${p}/x`, p.slice(0, -1), `${p}\u00e9`]) assert.is(tree.get(near), names.has(near) ? tree.get(near) : undefined, near);
    for (const near of [`${p}!`, `${p}/x`, p.slice(0, -1)]) assert.is(tree.has(near), names.has(near), near);
  }
  // Some folders (a real repository has thousands; each is checked against a scan of every path).
  const folders = [...new Set(listing.flatMap(([p]) => p.split('/').slice(0, -1).map((_, i, parts) => `${parts.slice(0, i + 1).join('/')}/`)))].slice(0, 40);
  for (const prefix of ['', 'not-there/', ...folders]) {
    const under = tree.positionsUnder(prefix);
    const found = under.list ?? Array.from({ length: under.end - under.start }, (_, k) => under.start + k);
    assert.equal(found.map((i) => tree.pathAt(i)), listing.map(([p]) => p).filter((p) => p.startsWith(prefix)), prefix);
  }
}

/** Rewrites the index as each version and calls `body` with the version git wrote (2 and 3 differ only when an entry has extended flags: git writes whichever fits). */
function eachVersion(dir: string, body: (version: number) => void): void {
  for (const version of [2, 3, 4]) {
    git(dir, 'update-index', '--index-version', String(version));
    const written = readFileSync(path.join(dir, '.git/index')).readUInt32BE(4);
    assert.ok(written === version || (version < 4 && written < 4), `asked for ${version}, got ${written}`);
    body(written);
  }
}

t('versions 2, 3 and 4 list what ls-files lists: modes, symlinks, submodules, long, nested and non-ASCII names', () => {
  const dir = tempRepo();
  write(dir, 'a.txt', 'a\n');
  write(dir, 'bin/run.sh', '#!/bin/sh\n', 0o755);
  write(dir, 'deep/er/still/deeper/file.ts', 'x\n');
  write(dir, 'deep/er/still/deeper/file2.ts', 'y\n');
  write(dir, 'deep/er-2/x', 'z\n');
  write(dir, 'über/naïve café.txt', 'é\n');
  write(dir, 'sp ace/tab\there', 't\n');
  // Longer than the 12-bit length field (and than a path the file system takes): staged by id only.
  const blob = git(dir, 'hash-object', '-w', 'a.txt').trim();
  const long = `long/${Array.from({ length: 17 }, (_, i) => String.fromCharCode(97 + i).repeat(250)).join('/')}/f`;
  link(dir, 'to-a', 'a.txt');
  commitAll(dir);
  addGitlink(dir, 'vendor/sub');
  git(dir, 'update-index', '--add', '--cacheinfo', `100644,${blob},${long}`);
  write(dir, 'later.txt', 'later\n');
  git(dir, 'add', '-N', 'later.txt');
  const seen = new Set<number>();
  eachVersion(dir, (v) => {
    seen.add(v);
    const got = direct(dir);
    assert.equal(got, listed(dir), `version ${v}`);
    assert.ok(got.has(long) && long.length > 4095, 'a name past the 12-bit length field');
  });
  assert.equal([...seen], [3, 4]);
  git(dir, 'rm', '-q', '--cached', 'later.txt');
  eachVersion(dir, (v) => {
    seen.add(v);
    assert.equal(direct(dir), listed(dir), `version ${v}, no extended flags`);
  });
  assert.equal([...seen].sort(), [2, 3, 4]);
});

t('extended flags (intent-to-add, skip-worktree) and a conflict: stage 0 or 2 kept, as parseLsFiles keeps', () => {
  const dir = tempRepo({ 'keep.txt': 'k\n', 'skip.txt': 's\n' });
  commitAll(dir);
  assert.ok(mergeConflict(dir), 'the merge conflicts');
  write(dir, 'new.txt', 'n\n');
  git(dir, 'add', '-N', 'new.txt');
  git(dir, 'update-index', '--skip-worktree', 'skip.txt');
  eachVersion(dir, (v) => {
    const got = direct(dir);
    assert.equal(got, listed(dir), `version ${v}`);
    assert.ok(got.has('c.txt') && got.has('new.txt') && got.has('skip.txt'));
  });
});

t('an empty index, and none yet, are empty trees as ls-files lists them', () => {
  const dir = tempRepo();
  assert.equal(direct(dir), new Map(), 'no index file');
  write(dir, 'a', 'a\n');
  git(dir, 'add', 'a');
  git(dir, 'rm', '-q', '--cached', 'a');
  assert.equal(direct(dir), new Map(), 'an index without entries');
});

t('GIT_INDEX_FILE (a hook of git commit -a or a path commit gets a temporary index) is the file read', () => {
  const dir = tempRepo({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
  commitAll(dir);
  const other = path.join(mkdtempSync(path.join(tmpdir(), 'lp-idx-')), 'index');
  gitEnv(dir, { GIT_INDEX_FILE: other }, 'read-tree', 'HEAD');
  gitEnv(dir, { GIT_INDEX_FILE: other }, 'rm', '-q', '--cached', 'b.txt');
  const saved = process.env.GIT_INDEX_FILE;
  process.env.GIT_INDEX_FILE = other;
  try {
    const repo = openRepo(dir);
    assert.is(repo.indexFile, other);
    assert.equal([...readStagedTree(repo).keys()], ['a.txt']);
  } finally {
    if (saved === undefined) delete process.env.GIT_INDEX_FILE;
    else process.env.GIT_INDEX_FILE = saved;
  }
  assert.equal([...readStagedTree(openRepo(dir)).keys()], ['a.txt', 'b.txt']);
});

t('a linked worktree reads its own index', () => {
  const dir = tempRepo({ 'a.txt': 'a\n' });
  commitAll(dir);
  const wt = path.join(mkdtempSync(path.join(tmpdir(), 'lp-wt-')), 'wt');
  git(dir, 'worktree', 'add', '-q', wt);
  write(wt, 'only-here.txt', 'w\n');
  git(wt, 'add', 'only-here.txt');
  assert.equal(direct(wt), listed(wt));
  assert.ok(direct(wt).has('only-here.txt') && !direct(dir).has('only-here.txt'));
});

t('declined, so ls-files answers: a split index, a sparse index, an unknown required extension, a truncated file', () => {
  const dir = tempRepo({ 'a/x.txt': 'x\n', 'b/y.txt': 'y\n' });
  commitAll(dir);
  const file = path.join(dir, '.git/index');
  const good = readFileSync(file);
  assert.ok(parseIndex(good, 'sha1') !== null);
  assert.is(parseIndex(good.subarray(0, good.length - 30), 'sha1'), null, 'truncated');
  assert.is(parseIndex(good, 'sha256'), null, 'read with the wrong id length');
  const unknown = Buffer.concat([good.subarray(0, good.length - 20), Buffer.from('abcd\0\0\0\0'), good.subarray(good.length - 20)]);
  assert.is(parseIndex(unknown, 'sha1'), null, 'a lower-case (required) extension');
  const optional = Buffer.concat([good.subarray(0, good.length - 20), Buffer.from('ZZZZ\0\0\0\x02hi'), good.subarray(good.length - 20)]);
  assert.equal(new Map(parseIndex(optional, 'sha1') ?? []), new Map(parseIndex(good, 'sha1') ?? [['missing', null]]), 'an upper-case (optional) one is skipped');

  git(dir, 'update-index', '--split-index');
  assert.is(readIndexFile(file, 'sha1'), null, 'split index');
  assert.equal(new Map(readStagedTree(openRepo(dir))), listed(dir), 'the fallback lists it');
  git(dir, 'update-index', '--no-split-index');

  git(dir, 'sparse-checkout', 'set', '--sparse-index', 'a');
  const sparse = readIndexFile(file, 'sha1');
  assert.is(sparse, null, 'sparse index');
  assert.equal(new Map(readStagedTree(openRepo(dir))), listed(dir), 'the fallback lists it');
  assert.ok(readStagedTree(openRepo(dir)).has('b/y.txt'), 'ls-files expands the sparse directory');
});

t('a SHA-256 repository', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-git-256-'));
  git(dir, 'init', '-q', '--object-format=sha256', '-b', 'main');
  write(dir, 'a.txt', 'a\n');
  write(dir, 'b/c.txt', 'c\n');
  commitAll(dir);
  const repo = openRepo(dir);
  assert.is(repo.objectFormat, 'sha256');
  const read = readIndexFile(repo.indexFile, 'sha256');
  assert.ok(read !== null);
  assert.equal(new Map(read), listed(dir));
  assert.is([...read.values()][0]?.oid.length, 64);
});

t('the path text answers pathsContaining and hasPathUnder as the keys do', () => {
  const dir = tempRepo({ 'Dockerfile': 'FROM x\n', 'svc/a/Dockerfile.dev': 'FROM y\n', 'svc/b/x': 'x\n', 'svcx/y': 'y\n', 'docs/Containerfile.md': 'z\n' });
  link(dir, 'svc/link', 'a');
  commitAll(dir);
  const tree = readStagedTree(openRepo(dir));
  assert.equal(pathsContaining(tree, ['Dockerfile', 'Containerfile']).sort(), ['Dockerfile', 'docs/Containerfile.md', 'svc/a/Dockerfile.dev']);
  assert.ok(hasPathUnder(tree, 'svc/b') && hasPathUnder(tree, 'svc') && !hasPathUnder(tree, 'sv') && !hasPathUnder(tree, 'svc/a/Dockerfile.dev'));
  assert.equal(linkPaths(tree), ['svc/link']);
  assert.equal(new Map(tree), new Map(readIndexTree(dir)));
});

t('likelyIndexFile guesses what rev-parse names, or nothing where git may look elsewhere; readStagedTree keeps an early read only for that file', async () => {
  const dir = tempRepo({ 'a.txt': 'a\n', 'sub/deep/b.txt': 'b\n' });
  commitAll(dir);
  const sub = path.join(dir, 'sub/deep');
  const repo = await openRepoAsync(sub);
  assert.equal(repo, openRepo(sub));
  assert.is(likelyIndexFile(sub, {}), repo.indexFile);
  assert.is(likelyIndexFile(sub, { GIT_INDEX_FILE: '/abs/index' }), '/abs/index');
  assert.is(likelyIndexFile(sub, { GIT_DIR: path.join(dir, '.git') }), null);
  const wt = path.join(mkdtempSync(path.join(tmpdir(), 'lp-wt-')), 'wt');
  git(dir, 'worktree', 'add', '-q', wt);
  assert.is(likelyIndexFile(wt, {}), null, 'a linked worktree has a .git file');
  assert.is(likelyIndexFile(tmpdir(), {}), null);
  const id = { buf: Buffer.from('e69de29bb2d1d6434b8b29ae775ad8c2e48c5391', 'hex'), at: new Int32Array([0]), length: 20 };
  const other = new IndexTree(['not-in-the-index'], new Uint32Array([0o100644]), id, true, '\0not-in-the-index\0');
  assert.equal([...readStagedTree(repo, { file: repo.indexFile, format: 'sha1', read: other }).keys()], ['not-in-the-index'], 'kept: git named that file');
  assert.equal([...readStagedTree(repo, { file: '/elsewhere/index', format: 'sha1', read: other }).keys()], ['a.txt', 'sub/deep/b.txt'], 'another file: read again');
  assert.equal([...readStagedTree(repo, { file: repo.indexFile, format: 'sha256', read: other }).keys()], ['a.txt', 'sub/deep/b.txt'], 'another format: read again');
  const refused = await openRepoAsync(tmpdir()).then(() => null, (err: Error) => err.message);
  assert.match(refused ?? '', /is not inside a git work tree/);
});

// Real repositories' trees (the pinned mirrors), each as an index of every version.
const MIRRORS = '/work/.mirror';
const mirrors = existsSync(MIRRORS) ? readdirSync(MIRRORS).map((m) => path.join(MIRRORS, m, 'repo')).filter((r) => existsSync(path.join(r, 'HEAD'))) : [];
const real = unless(t, 'git/index-file', mirrors.length ? null : `no git mirrors under ${MIRRORS} (fetch some repositories there)`);

real(`real trees (${mirrors.length} repositories under ${MIRRORS}), versions 2 to 4, read as ls-files lists them`, () => {
  let checked = 0;
  for (const repoDir of mirrors) {
    const head = spawnQuiet(repoDir, 'rev-parse', '--verify', '-q', 'HEAD^{tree}');
    if (head === null) continue;
    const index = path.join(mkdtempSync(path.join(tmpdir(), 'lp-idx-real-')), 'index');
    const env = { GIT_DIR: repoDir, GIT_INDEX_FILE: index };
    gitEnv(tmpdir(), env, 'read-tree', head.trim());
    for (const version of [2, 3, 4]) {
      gitEnv(tmpdir(), env, 'update-index', '--index-version', String(version));
      const read = readIndexFile(index, 'sha1');
      assert.ok(read !== null, `${repoDir} v${version}`);
      const want = new Map(parseLsFiles(gitEnv(tmpdir(), env, 'ls-files', '-s', '-z')));
      assert.equal(new Map(read), want, `${repoDir} v${version}`);
      lookups(read);
    }
    checked++;
  }
  assert.ok(checked > 0);
});

function spawnQuiet(dir: string, ...args: string[]): string | null {
  try {
    return git(dir, ...args);
  } catch {
    return null;
  }
}

t('a flipped byte in a name length is declined, never misread', () => {
  const dir = tempRepo({ 'abc.txt': 'a\n' });
  commitAll(dir);
  const file = path.join(dir, '.git/index');
  const buf = Buffer.from(readFileSync(file));
  buf.writeUInt16BE((buf.readUInt16BE(12 + 60) & ~0xfff) | 5, 12 + 60);
  writeFileSync(file, buf);
  assert.is(readIndexFile(file, 'sha1'), null);
});

t.run();
