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

t.run();
