import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { contextView } from '../../src/app/context-view.js';
import { contextFromTree, patchContext } from '../../src/git/tree-context.js';
import type { GitEntry, GitTree } from '../../src/git/tree.js';
import { answersOf, BASE as TREE, EDITS, file, OPTS } from '../_helpers/context-tree.js';
import { REST_KEY, type ContextSnapshot } from '../../src/context/index.js';
import { diffSelections } from '../../src/plan/file-changes.js';
import type { Builder, ContextView, Fingerprints, SourceLookup } from '../../src/key/index.js';

// Through the view that uses them (app/context-view.ts): check's two sides restrict their fingerprints to the files the change replaced (context/restricted.ts): for every
// pair of sources, on either side, the restricted selections must agree exactly when the full ones do, and their
// diff must be the full diff unless it names REST_KEY (then check plans in full).
const t = suite('context/restricted');

const BASE: GitTree = new Map([...TREE, ['app/up', file('l3', '120000')]]);
const SOURCES = ['.', '*', 'app', 'app/', './app/util', 'app/*.ts', 'app/u*', 'ap*', '*.md', '*.json', 'link', 'link/main.ts', 'app/up', 'app/up/*', 'app/up/a*', 'package.json', 'bin', 'bin/run.sh', 'nope*', 'nope', 'logs'];


const answers = (view: ContextView): [string, SourceLookup][] => answersOf(view, SOURCES);

/** A tree with its top-level symlink (the context root is then selected by `.` alone) or without it. */
const TREES: Record<string, GitTree> = { 'a top-level symlink': BASE, 'no top-level symlink': new Map([...BASE].filter(([p]) => p !== 'link')) };

const filesOf = (a: SourceLookup | undefined): Fingerprints | null => (a?.kind === 'ok' ? a.files : null);
const same = (a: Fingerprints | null, b: Fingerprints | null): boolean => JSON.stringify(a && Object.entries(a).sort()) === JSON.stringify(b && Object.entries(b).sort());

const CHANGES: Record<string, Record<string, GitEntry>> = { ...EDITS, 'nothing selected changes': {} };

for (const [treeName, tree0] of Object.entries(TREES)) {
  for (const [name, edits] of Object.entries(CHANGES)) {
    for (const builder of ['buildkit', 'buildah'] as Builder[]) {
      t(`${name}, ${treeName} (${builder}): restricted selections agree and differ as full ones do`, () => {
        const base = contextFromTree(tree0, OPTS);
        const tree = new Map(tree0);
        for (const [p, e] of Object.entries(edits)) tree.set(p, e);
        const patched = patchContext(base, tree0, tree, Object.keys(edits), OPTS);
        assert.ok(patched?.fileChanges, 'files on both sides');
        const restriction = { paths: patched.fileChanges.map((e) => e.path) };
        const sides = [base, patched.snapshot].map((snapshot: ContextSnapshot) => ({
          full: answers(contextView(snapshot, builder)).map(([, a]) => filesOf(a)),
          restricted: answers(contextView(snapshot, builder, new Map(), { restrict: restriction })).map(([, a]) => filesOf(a)),
        }));
        const [b, i] = sides as [(typeof sides)[0], (typeof sides)[0]];
        const names = answers(contextView(base, builder)).map(([s]) => s);
        let restrictedCount = 0;
        for (const [x, y, what] of [[b, i, 'base/index'], [b, b, 'base/base'], [i, i, 'index/index']] as const) {
          names.forEach((p, m) => names.forEach((q, n) => {
            const [fullP, fullQ, rP, rQ] = [x.full[m] ?? null, y.full[n] ?? null, x.restricted[m] ?? null, y.restricted[n] ?? null];
            assert.is(rP === null, fullP === null, `${p}: found alike`);
            if (rP && REST_KEY in rP) restrictedCount++;
            assert.is(same(rP, rQ), same(fullP, fullQ), `${what} ${p} / ${q}: restricted ${same(rP, rQ) ? 'agree' : 'differ'}, full ${same(fullP, fullQ) ? 'agree' : 'differ'}`);
            if (!fullP || !fullQ || !rP || !rQ) return;
            const diff = diffSelections(rP, rQ);
            if (![...diff.added, ...diff.removed, ...diff.modified].includes(REST_KEY)) assert.equal(diff, diffSelections(fullP, fullQ), `${what} ${p} / ${q}: the diff`);
          }));
        }
        assert.ok(restrictedCount > 0, 'some selections are restricted');
      });
    }
  }
}

t('a single file, or a selection without a regular file, is fingerprinted in full', () => {
  const base = contextFromTree(new Map([...BASE, ['empty/deep/.keep', file('k1', '120000')]]), { ...OPTS, linkTargets: new Map([...OPTS.linkTargets, ['k1', 'x']]) });
  const view = contextView(base, 'buildkit', new Map(), { restrict: { paths: ['package.json'] } });
  assert.equal(filesOf(view.select('package.json', { wildcards: true })), { 'package.json': 'f:644:p1' });
  assert.equal(filesOf(view.select('empty', { wildcards: true })), { empty: 'd', 'empty/deep': 'd', 'empty/deep/.keep': 'l:777:x' });
  assert.ok(REST_KEY in (filesOf(view.select('.', { wildcards: true })) ?? {}));
});

t.run();
