import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { stepOrdinals } from '../../src/plan/index.js';
import { planOnce } from '../_helpers/plan.js';

const t = suite('plan/ordinals');

t('each step counts within its own stage, FROM being 0, as records place it', () => {
  const { plan, run } = planOnce('FROM busybox AS a\nRUN true\nFROM busybox\nCOPY --from=a / /\nRUN echo\n', {}, []);
  assert.equal(stepOrdinals(plan.steps), [0, 1, 0, 1, 2]);
  assert.equal(run.steps.map((s) => s.ordinal), [0, 1, 0, 1, 2]);
});

t.run();
