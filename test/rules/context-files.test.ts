import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { belowFolder, filesNamed, inFolder } from '../../src/rules/context-files.js';
import { contextFromTree } from '../../src/git/tree-context.js';
import { IndexTree } from '../../src/git/index-tree.js';
import { pathText } from '../../src/git/index-file.js';
import { parseIgnoreFile } from '../../src/ignore/dockerignore.js';
import type { ContextSnapshot } from '../../src/context/types.js';
import { factsOf } from './rule-harness.js';

const t = suite('rules/context-files');

const snapshot = factsOf({ files: { 'Cargo.toml': 'x', 'crates/a/Cargo.toml': 'x', 'crates/a/Cargo.toml.orig': 'x', 'crates/xCargo.toml': 'x', 'crates/Cargo.toml/x': 'x', 'b.csproj': 'x', 'src/c.csproj': 'x' } }).snapshot;

t('filesNamed: files whose last segment is the name, not names that only end with it, nor folders', () => {
  assert.equal([...filesNamed(snapshot, 'Cargo.toml')].sort(), ['Cargo.toml', 'crates/a/Cargo.toml']);
});

t('filesNamed: a glob matches within the last segment only', () => {
  assert.equal([...filesNamed(snapshot, '*.csproj')].sort(), ['b.csproj', 'src/c.csproj']);
  assert.equal(filesNamed(snapshot, '*.fsproj'), []);
});

t('filesNamed answers the same list again (kept per snapshot)', () => {
  assert.is(filesNamed(snapshot, 'Cargo.toml'), filesNamed(snapshot, 'Cargo.toml'));
});

/** A tree as the index file reader makes it (its paths' text included), every id the same. */
function indexTree(paths: readonly string[], modes: readonly number[]): IndexTree {
  const ids = { buf: Buffer.alloc(20, 1), at: new Int32Array(paths.length), length: 20 };
  return new IndexTree(paths, Uint32Array.from(modes), ids, paths.every((p, i) => i === 0 || (paths[i - 1] as string) < p), pathText(paths));
}

t('filesNamed on a snapshot of a git tree (found in its path text) lists what a scan of its entries lists, in the same order', () => {
  let seed = 5;
  const next = (n: number): number => Math.floor((seed = (seed * 1103515245 + 12345) % 2147483648) / 65536) % n;
  const NAMES = ['p.json', 'a', 'b', 'xp.json', 'p.json.x', 'a-b', 'é'];
  let found = 0;
  for (let round = 0; round < 300; round++) {
    const paths = new Set<string>();
    for (let i = 0; i < 4 + next(16); i++) paths.add(Array.from({ length: 1 + next(4) }, () => NAMES[next(NAMES.length)]).join('/'));
    const files = [...paths].filter((p) => ![...paths].some((q) => q.startsWith(`${p}/`))).sort();
    // Regular, executable, symlink (not a file) and submodule (a folder) entries.
    const modes = files.map(() => [0o100644, 0o100644, 0o100755, 0o120000, 0o160000][next(5)] as number);
    const ignore = parseIgnoreFile(['', 'a\n!a/p.json\n', '**/b\n', 'p.json\n'][next(4)] as string);
    for (const dir of ['', 'a', 'b/a']) {
      const snapshot = contextFromTree(indexTree(files, modes), { root: '/ctx', dir, ignore, ignoreFile: null, linkTargets: new Map() });
      const scanned: ContextSnapshot = { ...snapshot, entries: new Map(snapshot.entries) };
      for (const name of ['p.json', 'a', 'é', 'a/p.json']) {
        const want = filesNamed(scanned, name);
        assert.equal(filesNamed(snapshot, name), want, `${name} in ${dir}: ${files.join(' ')}`);
        found += want.length;
      }
    }
  }
  assert.ok(found > 300, `names found: ${found}`);
});

t('filesNamed on a git tree: a file that is also a folder (a tree git would not hold) is the folder, no file', () => {
  const paths = ['x/a', 'x/b', 'x/c', 'x/c/d'];
  const snapshot = contextFromTree(indexTree(paths, paths.map(() => 0o100644)), { root: '/ctx', dir: '', ignore: parseIgnoreFile(''), ignoreFile: null, linkTargets: new Map() });
  assert.equal(filesNamed(snapshot, 'c'), []);
  assert.equal(filesNamed(snapshot, 'd'), ['x/c/d']);
});

t('inFolder and belowFolder split by the folder prefix', () => {
  const files = ['a', 'x/a', 'x/y/a', 'xy/a'];
  assert.equal(inFolder(files, ''), ['a']);
  assert.equal(belowFolder(files, ''), ['x/a', 'x/y/a', 'xy/a']);
  assert.equal(inFolder(files, 'x/'), ['x/a']);
  assert.equal(belowFolder(files, 'x/'), ['x/y/a']);
});

t.run();
