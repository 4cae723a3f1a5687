/**
 * contextFromTree's order: the snapshot lists entries as the builders' walk
 * does (depth-first, names sorted), whatever order the tree comes in. Git
 * lists `a-b` before `a/c`; the walk goes into `a` first.
 */
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { canSkipExcludedDir, isExcluded, NO_RULES, parseIgnoreFile, type IgnoreRules } from '../../src/ignore/dockerignore.js';
import { loadContext } from '../../src/context/index.js';
import { contextFromTree, patchContext } from '../../src/git/tree-context.js';
import { openRepo } from '../../src/git/repo.js';
import { readIndexTree, readStagedTree, type GitEntry, type GitTree } from '../../src/git/tree.js';
import { git, tempRepo } from './_helpers/git-repo.js';

const t = suite('git/tree-context');

const FILE: GitEntry = { mode: '100644', oid: 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391' };

function snapshotKeys(tree: GitTree, ignore: IgnoreRules = NO_RULES, dir = ''): string[] {
  return [...contextFromTree(tree, { root: '/ctx', dir, ignore, ignoreFile: null, linkTargets: new Map() }).entries.keys()];
}

t('names that continue with a character below "/" come after the folder of the same stem, in any input order', () => {
  const paths = ['a-b', 'a.b', 'a/c', 'a/c-d/e', 'a/c.d', 'a/c/f', 'b'];
  const walk = ['a', 'a/c', 'a/c/f', 'a/c-d', 'a/c-d/e', 'a/c.d', 'a-b', 'a.b', 'b'];
  assert.equal(snapshotKeys(new Map(paths.map((p) => [p, FILE]))), walk, 'git order');
  assert.equal(snapshotKeys(new Map([...paths].reverse().map((p) => [p, FILE]))), walk, 'reversed');
});

t('random trees listed in string order: entries in walk order, each path once', () => {
  // The walk's order: per folder, names in code-unit order, a folder's contents right after it.
  const walk = (a: string, b: string): number => {
    const [x, y] = [a.split('/'), b.split('/')];
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] as string) < (y[i] as string) ? -1 : 1;
    return x.length - y.length;
  };
  let seed = 7;
  const next = (n: number): number => Math.floor((seed = (seed * 1103515245 + 12345) % 2147483648) / 65536) % n;
  for (let round = 0; round < 200; round++) {
    const paths = new Set<string>();
    for (let i = 0; i < 12; i++) paths.add(Array.from({ length: 1 + next(3) }, () => Array.from({ length: 1 + next(3) }, () => 'ab-.'[next(4)]).join('')).join('/'));
    // A path that is also a folder of another is no tree git can hold: keep the files only.
    const files = [...paths].filter((p) => ![...paths].some((q) => q.startsWith(`${p}/`))).sort();
    const keys = snapshotKeys(new Map(files.map((p) => [p, FILE])));
    assert.equal(keys, [...keys].sort(walk), files.join(' '));
    assert.is(new Set(keys).size, keys.length);
    assert.ok(files.every((f) => keys.includes(f)));
  }
});

/**
 * The builders' walk written plainly, as the reference: per folder, names in code-unit order; a file is
 * kept when not excluded; an excluded folder no `!` rule can reach is not entered, another excluded one
 * appears only when something below it is kept.
 */
function plainWalk(files: readonly string[], rules: IgnoreRules, dir: string): string[] {
  const prefix = dir === '' ? '' : `${dir}/`;
  const walkIn = (folder: string): string[] => {
    const inside = files.filter((f) => f.startsWith(prefix + folder)).map((f) => f.slice((prefix + folder).length));
    const names = [...new Set(inside.map((r) => r.split('/')[0] as string))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return names.flatMap((name) => {
      const rel = folder + name;
      const excluded = isExcluded(rules, rel);
      if (!inside.some((r) => r.startsWith(`${name}/`))) return excluded ? [] : [rel];
      if (excluded && canSkipExcludedDir(rules, rel)) return [];
      const below = walkIn(`${rel}/`);
      return !excluded || below.length > 0 ? [rel, ...below] : [];
    });
  };
  return walkIn('');
}

t('random trees and ignore rules: the entries of the plain walk, from a tree in git order and in any other order, in a subfolder too', () => {
  let seed = 11;
  const next = (n: number): number => Math.floor((seed = (seed * 1103515245 + 12345) % 2147483648) / 65536) % n;
  const PATTERNS = ['a', 'a/b', 'b*', '*/a', '**/b', 'a/*', '!a/b', '!**/a', '!b/a*', 'c', 'a-b', '**/*.x', '!a/a/a'];
  const name = (): string => ['a', 'b', 'c', 'a-b', 'a.x', 'b.x', 'ab'][next(7)] as string;
  for (let round = 0; round < 400; round++) {
    const paths = new Set<string>();
    // Several files per folder, so that runs of paths in one folder are walked as well as single ones.
    for (let i = 0; i < 6 + next(20); i++) paths.add(Array.from({ length: 1 + next(4) }, name).join('/'));
    const files = [...paths].filter((p) => ![...paths].some((q) => q.startsWith(`${p}/`))).sort();
    const text = Array.from({ length: next(4) }, () => PATTERNS[next(PATTERNS.length)]).join('\n');
    const rules = parseIgnoreFile(text);
    for (const dir of ['', 'a']) {
      const want = plainWalk(files, rules, dir);
      const why = `${files.join(' ')} | ${JSON.stringify(text)} | ${dir}`;
      const inOrder = contextFromTree(new Map(files.map((p) => [p, FILE])), { root: '/ctx', dir, ignore: rules, ignoreFile: null, linkTargets: new Map() }).entries;
      assert.is(inOrder.size, want.length, `size: ${why}`);
      assert.ok(want.every((p) => inOrder.has(p)) && files.every((f) => inOrder.has(dir === '' ? f : f.slice(dir.length + 1)) === want.includes(dir === '' ? f : f.slice(dir.length + 1))), `lookups: ${why}`);
      assert.equal([...inOrder.keys()], want, `git order: ${why}`);
      assert.equal(snapshotKeys(new Map([...files].reverse().map((p) => [p, FILE])), rules, dir), want, `reversed: ${why}`);
    }
  }
});

t('a file that is also a folder (a tree git would not hold): the folder takes its place, after a run of its folder too', () => {
  const tree = new Map(['x/a', 'x/b', 'x/c', 'x/c/d', 'x/e'].map((p) => [p, FILE]));
  const entries = contextFromTree(tree, { root: '/ctx', dir: '', ignore: NO_RULES, ignoreFile: null, linkTargets: new Map() }).entries;
  assert.equal([...entries].map(([p, e]) => `${p}:${e.type}`), ['x:dir', 'x/a:file', 'x/b:file', 'x/c:dir', 'x/c/d:file', 'x/e:file']);
  assert.is(entries.size, 6);
  assert.is(entries.get('x/c')?.type, 'dir');
  assert.equal(snapshotKeys(new Map(['x/a', 'x/c', 'x/c/d'].map((p) => [p, FILE]))), ['x', 'x/a', 'x/c', 'x/c/d'], 'no run before it');
});

t('an excluded folder appears only above a re-included file, right before it', () => {
  const tree = new Map(['x/keep', 'x/y/drop', 'x/y/keep', 'x-z', 'z'].map((p) => [p, FILE]));
  assert.equal(snapshotKeys(tree, parseIgnoreFile('x\n!x/y/keep\n')), ['x', 'x/y', 'x/y/keep', 'x-z', 'z']);
  assert.equal(snapshotKeys(tree, parseIgnoreFile('x\n')), ['x-z', 'z'], 'no exception: the folder is not walked');
  assert.equal(snapshotKeys(tree, NO_RULES, 'x'), ['keep', 'y', 'y/drop', 'y/keep'], 'a subfolder context');
});

t('the same order and entries as the builders\' walk of a checkout, whatever the ignore rules', async () => {
  for (const rules of ['gen\n!gen/keep/**\n', 'gen\nsrc/*.ts\n!src/app.ts\nsrc.d\n', 'gen/out\nsrc/app\n', '']) {
    const dir = tempRepo({
      Dockerfile: 'FROM scratch\n',
      '.dockerignore': rules,
      'src/app.ts': 'a\n',
      'src/b.ts': 'b\n',
      'src/app/index.ts': 'i\n',
      'src-old/x.ts': 'x\n',
      'src.d/y': 'y\n',
      'gen/out/z': 'z\n',
      'gen/keep/k': 'k\n',
      'gen-2/w': 'w\n',
    });
    git(dir, 'add', '-A');
    const ignore = parseIgnoreFile(rules);
    const walked = await loadContext({ root: dir, dockerfile: path.join(dir, 'Dockerfile'), builder: 'buildkit', statCacheDir: null });
    const fromGit = snapshotKeys(readIndexTree(dir), ignore);
    assert.equal(fromGit, [...walked.entries.keys()].filter((p) => p !== '.git' && !p.startsWith('.git/')), rules);
    assert.equal(snapshotKeys(readStagedTree(openRepo(dir)), ignore), fromGit, `${rules}: read from the index file`);
  }
});

t('a tree read from the index file gives what a map of the same entries gives: entries in order, lookups, subfolder contexts', () => {
  const dir = tempRepo({ 'a-b': '1', 'a.b/c': '2', 'a/c-x': '3', 'a/c-d/e': '4', 'a/c.d': '5', 'a/c/f': '6', 'b/x.log': '7', 'b/y': '8', 'run.sh': '9' });
  git(dir, 'update-index', '--add', '--chmod=+x', 'run.sh');
  git(dir, 'add', '-A');
  const fromFile = readStagedTree(openRepo(dir));
  const asMap = new Map(fromFile);
  for (const [dir, ignore] of [['', parseIgnoreFile('**/*.log\na/c-d\n')], ['a', NO_RULES], ['b', parseIgnoreFile('*.log\n')], ['none', NO_RULES]] as const) {
    const opts = { root: '/ctx', dir, ignore, ignoreFile: null, linkTargets: new Map() };
    const [got, want] = [contextFromTree(fromFile, opts).entries, contextFromTree(asMap, opts).entries];
    assert.equal([...got], [...want], `${dir}: entries`);
    assert.is(got.size, want.size);
    for (const p of [...want.keys(), 'a/c-d', 'x', '', 'a/', 'b/x.log', 'c/f']) {
      assert.equal(got.get(p), want.get(p), `${dir}: ${p}`);
      assert.is(got.has(p), want.has(p), `${dir}: has ${p}`);
    }
  }
});

t('patchContext: edited files give what a fresh snapshot gives; an added, removed or submodule path gives null', () => {
  const ignore = parseIgnoreFile('logs\n');
  const opts = { root: '/ctx', dir: '', ignore, ignoreFile: '.dockerignore', linkTargets: new Map([['l2', 'b.txt']]) };
  const baseTree: GitTree = new Map<string, GitEntry>([
    ['a-b', FILE],
    ['a/c.txt', { mode: '100644', oid: 'c1' }],
    ['a/run.sh', { mode: '100644', oid: 'r1' }],
    ['b.txt', FILE],
    ['link', { mode: '100644', oid: 'k1' }],
    ['logs/x.log', { mode: '100644', oid: 'x1' }],
    ['vendor/lib', { mode: '160000', oid: 's1' }],
  ]);
  const edited = new Map(baseTree);
  edited.set('a/c.txt', { mode: '100644', oid: 'c2' });
  edited.set('a/run.sh', { mode: '100755', oid: 'r1' });
  edited.set('link', { mode: '120000', oid: 'l2' });
  edited.set('logs/x.log', { mode: '100644', oid: 'x2' });
  const base = contextFromTree(baseTree, opts);
  const patched = patchContext(base, baseTree, edited, ['a/c.txt', 'a/run.sh', 'link', 'logs/x.log'], opts);
  assert.equal([...(patched?.snapshot.entries ?? [])], [...contextFromTree(edited, opts).entries]);
  assert.is(patched?.snapshot.entries.get('link')?.linkTarget, 'b.txt');
  assert.is(patched?.fileChanges, null, 'a file that became a symlink: sources may resolve differently');
  const contentOnly = new Map(baseTree).set('a/c.txt', { mode: '100755', oid: 'c2' }).set('logs/x.log', { mode: '100644', oid: 'x2' });
  const files = patchContext(base, baseTree, contentOnly, ['a/c.txt', 'logs/x.log'], opts);
  assert.equal(files?.fileChanges?.map((e) => [e.path, e.mode, e.digest]), [['a/c.txt', 0o755, 'c2']], 'files on both sides; the ignored log is no entry');
  assert.is(base.entries.get('a/c.txt')?.digest, 'c1', 'the base snapshot is left alone');

  const added = new Map([...baseTree, ['a/new.txt', FILE]]);
  assert.is(patchContext(base, baseTree, added, ['a/new.txt'], opts), null, 'added');
  const removed = new Map([...baseTree].filter(([p]) => p !== 'b.txt'));
  assert.is(patchContext(base, baseTree, removed, ['b.txt'], opts), null, 'removed');
  const submodule = new Map([...baseTree, ['vendor/lib', { mode: '160000', oid: 's2' } as GitEntry]]);
  assert.is(patchContext(base, baseTree, submodule, ['vendor/lib'], opts), null, 'submodule');
  const inA = { ...opts, dir: 'a' };
  const outside = new Map([...baseTree, ['b.txt', { mode: '100644', oid: 'b2' } as GitEntry]]);
  assert.equal([...(patchContext(contextFromTree(baseTree, inA), baseTree, outside, ['b.txt'], inA)?.snapshot.entries ?? [])], [...contextFromTree(outside, inA).entries], 'a change outside the context');
});

t.run();
