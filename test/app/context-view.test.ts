import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { contextView, RestrictionDoesNotHold, type ViewAnswers } from '../../src/app/context-view.js';
import { planDockerfile } from '../../src/app/plan.js';
import { contextFromTree, patchContext } from '../../src/git/tree-context.js';
import type { GitEntry, GitTree } from '../../src/git/tree.js';
import { answersOf, BASE, EDITS, file, OPTS } from '../_helpers/context-tree.js';
import { digestText, type Builder, type ContextView, type SourceLookup } from '../../src/key/index.js';
import { indexRuns } from '../../src/store/index-runs.js';
import { hash, prepared } from '../_helpers/plan.js';

// The index side of `check` answers from the base side's selections, patched (app/context-view.ts): every answer
// must be the one a fresh view of the patched snapshot gives, key order and digest text included.
const t = suite('app/context-view');

const SOURCES = ['.', 'app', 'app/', './app/util', 'app/*.ts', 'ap*', '*.md', 'link', 'link/main.ts', 'package.json', 'bin/run.sh', 'nope*', 'nope', 'logs'];

/** The index tree with `edits`, and the paths they change. */
function edited(edits: Record<string, GitEntry>): [GitTree, string[]] {
  const tree = new Map(BASE);
  for (const [p, e] of Object.entries(edits)) tree.set(p, e);
  return [tree, Object.keys(edits)];
}

const answers = (view: ContextView): [string, SourceLookup][] => answersOf(view, SOURCES);

const CHANGES = EDITS;

for (const [name, edits] of Object.entries(CHANGES)) {
  for (const builder of ['buildkit', 'buildah'] as Builder[]) {
    t(`${name} (${builder}): the patched answers are a fresh view's`, () => {
      const base = contextFromTree(BASE, OPTS);
      const [tree, paths] = edited(edits);
      const patched = patchContext(base, BASE, tree, paths, OPTS);
      assert.ok(patched?.fileChanges, 'files on both sides');
      const kept: ViewAnswers = new Map();
      answers(contextView(base, builder, new Map(), { remember: kept }));
      const incremental = answers(contextView(patched.snapshot, builder, new Map(), { reuse: { answers: kept, changed: patched.fileChanges } }));
      const fresh = answers(contextView(contextFromTree(tree, OPTS), builder));
      assert.equal(incremental.map(([s, a]) => [s, a.kind === 'ok' ? a.files : a]), fresh.map(([s, a]) => [s, a.kind === 'ok' ? a.files : a]));
      incremental.forEach(([source, a], i) => {
        const b = fresh[i]?.[1];
        if (a.kind !== 'ok' || b?.kind !== 'ok') return;
        assert.equal(Object.keys(a.files), Object.keys(b.files), `${source}: same order`);
        assert.is(a.text?.text, digestText(b.files).text, `${source}: same digest text`);
        assert.equal([...(a.text?.starts ?? [])], [...digestText(b.files).starts], `${source}: line starts`);
      });
    });
  }
}

t('a file that becomes a symlink (or a symlink retargeted) is no file change: the index side is selected afresh', () => {
  const base = contextFromTree(BASE, OPTS);
  for (const edits of [{ 'README.md': file('l2', '120000') }, { link: file('l2', '120000') }] as Record<string, GitEntry>[]) {
    const [tree, paths] = edited(edits);
    const patched = patchContext(base, BASE, tree, paths, OPTS);
    assert.ok(patched, 'still a patch of the base snapshot');
    assert.is(patched.fileChanges, null);
  }
});

t('keys planned from patched selections are the keys of a full derivation', () => {
  const dockerfile = 'FROM busybox\nCOPY package.json ./\nRUN true\nCOPY app/*.ts ./app/\nCOPY --exclude=*.md . /src\nRUN --mount=type=bind,source=bin,target=/b true\nCOPY . .\n';
  const base = contextFromTree(BASE, OPTS);
  const [tree, paths] = edited({ 'app/main.ts': file('m2'), 'README.md': file('r2'), 'bin/run.sh': file('s2', '100644') });
  const patched = patchContext(base, BASE, tree, paths, OPTS);
  assert.ok(patched?.fileChanges);
  const plan = (context: typeof base, viewMemory = {}) => {
    const outcome = planDockerfile({ dockerfile: '/ctx/Dockerfile', builder: 'buildkit', target: null, prepared: prepared(dockerfile), context, hash, store: indexRuns([], () => null), baseIds: new Map(), viewMemory });
    assert.is(outcome.kind, 'planned');
    return outcome.kind === 'planned' ? outcome.plan.steps.map((s) => [s.key?.key ?? null, s.key?.files ?? []]) : [];
  };
  const kept: ViewAnswers = new Map();
  plan(base, { remember: kept });
  const full = plan(contextFromTree(tree, OPTS));
  assert.equal(plan(patched.snapshot, { reuse: { answers: kept, changed: patched.fileChanges } }), full);
  assert.not.equal(plan(base), full, 'the change moves keys');
});

t('a source wanted whole (COPY --exclude) from a restricted view is refused, so check plans in full', () => {
  const view = contextView(contextFromTree(BASE, OPTS), 'buildkit', new Map(), { restrict: { paths: ['README.md'] } });
  assert.throws(() => view.select('.', { wildcards: true, whole: true }), (err: unknown) => err instanceof RestrictionDoesNotHold);
  assert.equal((view.select('package.json', { wildcards: true, whole: true }) as { files?: unknown }).files, { 'package.json': 'f:644:p1' });
});

t.run();
