import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { reasonLine, reasonDetail } from '../../src/views/reason-text.js';

const t = suite('views/reason-text');
const ref = (id: string, line: number, instruction: string) => ({ id, line, instruction });

t('files: every file on its own line, with what happened to it', () => {
  assert.equal(reasonDetail({ kind: 'files-changed', added: ['b'], removed: ['c'], modified: ['a', 'd'] }), [
    'files changed (4):', '  modified  a', '  modified  d', '  added     b', '  removed   c',
  ]);
  assert.equal(reasonDetail({ kind: 'files-changed', added: [], removed: [], modified: [] }), ['files changed: the contents differ']);
});

t('build args and env: old → new, unset shown as such; a reorder names the variables', () => {
  assert.equal(reasonDetail({ kind: 'env-changed', changes: [{ name: 'V', before: '1', after: null }] }), ['build args / env changed:', '  V: "1" → (unset)']);
  assert.equal(reasonDetail({ kind: 'env-changed', changes: [], order: { before: ['A', 'B'], after: ['B', 'A'] } }), ['the order of ENV/ARG changed (BuildKit hashes the order):', '  was: A, B', '  now: B, A']);
  assert.is(reasonLine({ kind: 'env-changed', changes: [], order: { before: ['A', 'B'], after: ['B', 'A'] } }), 'order of ENV/ARG changed: A, B → B, A');
  assert.is(reasonLine({ kind: 'env-changed', changes: [{ name: 'BASE', before: 'a:1', after: 'a:2' }], image: { before: 'docker.io/library/a:1', after: 'docker.io/library/a:2' } }), 'BASE changed: "a:1" → "a:2" (image docker.io/library/a:1 → docker.io/library/a:2)');
  assert.is(reasonLine({ kind: 'no-cache', stage: null }), 'built without the cache (--no-cache)');
});

t('a cascade names the parent, and the origin when it is another step', () => {
  const direct = reasonDetail({ kind: 'parent-rebuilt', parent: ref('0.3', 4, 'COPY . .'), origin: ref('0.3', 4, 'COPY . .') });
  assert.equal(direct, ['the step before it is rebuilt: line 4  COPY . .']);
  const far = reasonDetail({ kind: 'parent-rebuilt', parent: ref('0.4', 5, 'RUN a \\\n  b'), origin: ref('0.3', 4, 'COPY . .') });
  assert.equal(far, ['the step before it is rebuilt: line 5  RUN a b', 'the cascade starts at line 4  COPY . .']);
});

t('instruction and base image: was and now', () => {
  assert.equal(reasonDetail({ kind: 'instruction-changed', before: 'RUN a', after: 'RUN b' }), ['instruction changed', '  was: RUN a', '  now: RUN b']);
  assert.equal(reasonDetail({ kind: 'base-image-changed', ref: 'alpine', before: 'sha256:1', after: 'sha256:2' }), ['base image alpine changed', '  was: sha256:1', '  now: sha256:2']);
  assert.equal(reasonDetail({ kind: 'first-build' }), ['first build: no earlier build made this layer']);
});

t.run();
