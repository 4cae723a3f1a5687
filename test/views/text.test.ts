import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { renderText, skippedStageNote } from '../../src/views/text.js';
import { editedPlan } from './plan-fixtures.js';

const t = suite('views/text');

t('a skipped stage is one folded line naming its steps, not a row per step', () => {
  const text = renderText(editedPlan());
  assert.match(text, /\nstage test \(skipped: not needed for the target; 2 steps, lines 8-9\)\n\nstage 2\n/);
  assert.not.match(text, /skipped +9 /);
  assert.match(text, /\n {2}rebuilt +6 {2}COPY \. \./);
});

t('the folded note: one step, several, none', () => {
  assert.is(skippedStageNote([4]), 'skipped: not needed for the target; 1 step, line 4');
  assert.is(skippedStageNote([7, 5, 6]), 'skipped: not needed for the target; 3 steps, lines 5-7');
  assert.is(skippedStageNote([]), 'skipped: not needed for the target');
});

t.run();
