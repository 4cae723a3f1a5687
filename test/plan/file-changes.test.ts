import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { diffSelections } from '../../src/plan/file-changes.js';

const t = suite('plan/file-changes');

t('diffSelections lists added, removed and modified paths, sorted', () => {
  const d = diffSelections({ a: 'f:644:1', b: 'f:644:2', c: 'd:755' }, { b: 'f:755:2', c: 'd:755', e: 'f:644:3', d: 'f:644:4' });
  assert.equal(d, { added: ['d', 'e'], removed: ['a'], modified: ['b'] });
});

t('equal selections change nothing', () => {
  assert.equal(diffSelections({ a: 'f:644:1' }, { a: 'f:644:1' }), { added: [], removed: [], modified: [] });
});

t('a path named like an Object member is a path like any other', () => {
  assert.equal(diffSelections({ constructor: 'f:644:1', toString: 'f:644:2' }, { constructor: 'f:644:1', valueOf: 'f:644:3' }), { added: ['valueOf'], removed: ['toString'], modified: [] });
});

t('large, nearly identical selections: the one edit, an addition and a removal are found', () => {
  const before: Record<string, string> = {};
  for (let i = 0; i < 5000; i++) before[`src/f${i}.js`] = `f:644:${i}`;
  const after: Record<string, string> = { ...before, 'src/f7.js': 'f:644:x', 'src/new.js': 'f:644:n' };
  delete after['src/f9.js'];
  assert.equal(diffSelections(before, after), { added: ['src/new.js'], removed: ['src/f9.js'], modified: ['src/f7.js'] });
  assert.equal(diffSelections(before, after, 5000), { added: ['src/new.js'], removed: ['src/f9.js'], modified: ['src/f7.js'] });
});

t('a size given for `after` decides whether its paths are listed for additions', () => {
  // Same count on both sides and nothing removed: no path can be new, so `after` is not walked.
  assert.equal(diffSelections({ a: '1', b: '2' }, { a: '1', b: '3' }, 2), { added: [], removed: [], modified: ['b'] });
  assert.equal(diffSelections({ a: '1' }, { a: '1', b: '2' }, 2), { added: ['b'], removed: [], modified: [] });
});

t.run();
