/** A small git tree to make contexts of (context views, check's restricted selections): files, an ignored log, symlinks, names around '/'. */
import type { GitEntry, GitTree } from '../../src/git/tree.js';
import type { ContextView, SourceLookup } from '../../src/key/index.js';
import { parseIgnoreFile } from '../../src/ignore/dockerignore.js';

export const file = (oid: string, mode: GitEntry['mode'] = '100644'): GitEntry => ({ mode, oid });

export const BASE: GitTree = new Map([
  ['.dockerignore', file('i1')],
  ['Dockerfile', file('d1')],
  ['README.md', file('r1')],
  ['a-b.txt', file('ab1')],
  ['app/main.ts', file('m1')],
  ['app/util.ts', file('u1')],
  ['app/util/x.ts', file('x1')],
  ['apx/y.ts', file('y1')],
  ['bin/run.sh', file('s1', '100755')],
  ['link', file('l1', '120000')],
  ['logs/out.log', file('o1')],
  ['package.json', file('p1')],
]);

/** `logs` ignored; `l1` links to app, `l2` to README.md, `l3` to the folder above (from app/: the context root). */
export const OPTS = { root: '/ctx', dir: '', ignore: parseIgnoreFile('logs\n'), ignoreFile: '.dockerignore', linkTargets: new Map([['l1', 'app'], ['l2', 'README.md'], ['l3', '..']]) };

/** Staged edits of BASE, by what they change. */
export const EDITS: Record<string, Record<string, GitEntry>> = {
  'a file modified': { 'app/util.ts': file('u2') },
  'a mode change': { 'bin/run.sh': file('s1') },
  'an ignored file': { 'logs/out.log': file('o2') },
  'files under a wildcard source and the root': { 'app/main.ts': file('m2', '100755'), 'README.md': file('r2'), 'a-b.txt': file('ab2') },
  'a file reached through a symlink': { 'app/util/x.ts': file('x2') },
};

/** The view's answer for each source, with and without wildcards, labelled. */
export function answersOf(view: ContextView, sources: readonly string[]): [string, SourceLookup][] {
  return sources.flatMap((s) => [true, false].map((wildcards): [string, SourceLookup] => [`${s} ${wildcards}`, view.select(s, { wildcards })]));
}
