import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { rebuildCost, withEstimates } from '../../src/plan/estimate.js';
import type { Plan } from '../../src/plan/index.js';
import { indexTimings } from '../../src/store/index-timings.js';
import { formatSeconds } from '../../src/timings/duration.js';
import { costText } from '../../src/views/cost-text.js';
import { toJson } from '../../src/views/json.js';
import { renderText } from '../../src/views/text.js';
import { summaryParts } from '../../src/views/tui/PlanSummary.js';
import { detailLines } from '../../src/views/tui/detail-lines.js';
import { planOnce } from '../_helpers/plan.js';
import { timed } from './timed.js';

const t = suite('timings/views');
const DF = 'FROM busybox:local\nCOPY a.txt ./\nRUN make\nRUN make test\n';

/** The second plan (a.txt edited), estimated from the first build's durations, as makePlan estimates it. */
function estimated(seconds: Record<number, number>): Plan {
  const first = planOnce(DF, { 'a.txt': '1' }, []);
  const { plan } = planOnce(DF, { 'a.txt': '2' }, [first.run]);
  const steps = withEstimates(plan.steps, plan.dockerfile, indexTimings(timed(first.plan, seconds)));
  const cost = rebuildCost(steps);
  return { ...plan, steps, summary: { ...plan.summary, ...(cost ? { cost } : {}) } };
}

t('durations read as people read them', () => {
  assert.equal([0, 0.44, 9.96, 12.4, 84, 3599, 7500].map(formatSeconds), ['0s', '0.4s', '10s', '12s', '1m 24s', '59m 59s', '2h 5m']);
});

t('plain report: a cost line under the summary, with the unknown steps; none without timings', () => {
  const text = renderText(estimated({ 3: 80, 4: 4 }));
  assert.match(text, /\nrebuild ≈ 1m 24s \(from recorded build timings; 1 step unknown\)\n$/);
  assert.not.match(renderText(estimated({})), /rebuild ≈/);
});

t('JSON: summary.cost and estimatedSeconds on the steps that have one (fields added, none renamed)', () => {
  const json = toJson(estimated({ 3: 80 })) as { summary: { cost?: object; rebuilt: number }; steps: { line: number; estimatedSeconds?: number; status: string }[] };
  assert.equal(json.summary.cost, { seconds: 80, known: 1, unknown: 2 });
  assert.equal(json.steps.map((s) => s.estimatedSeconds ?? null), [null, null, 80, null]);
  assert.is(json.summary.rebuilt, 3);
  const plain = toJson(estimated({})) as { summary: object; steps: object[] };
  assert.not.ok('cost' in plain.summary);
  assert.ok(plain.steps.every((s) => !('estimatedSeconds' in s)));
});

t('TUI: the summary shows the cost, short; the step detail says where its duration comes from', () => {
  const plan = estimated({ 3: 80, 4: 4 });
  assert.ok(summaryParts(plan.summary).totals.some(([text]) => text === 'rebuild ≈ 1m 24s (1 step unknown)'));
  const detail = detailLines(plan, 2, new Map()).map((l) => l.text);
  assert.ok(detail.includes('duration    ≈ 1m 20s: what the earlier version of this step took in a real build'), detail.join('\n'));
  assert.not.ok(detailLines(plan, 1, new Map()).some((l) => l.text.startsWith('duration')));
  assert.is(costText({ seconds: 5, known: 2, unknown: 0 }), 'rebuild ≈ 5s (from recorded build timings)');
});

t.run();
