import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { rebuildCost, withEstimates } from '../../src/plan/estimate.js';
import type { Plan } from '../../src/plan/index.js';
import { indexTimings } from '../../src/store/index-timings.js';
import type { StepTiming } from '../../src/store/types.js';
import { planOnce } from '../_helpers/plan.js';
import { timed } from './timed.js';

const t = suite('timings/estimate');

const estimates = (plan: Plan, timings: StepTiming[]): Record<number, string> => Object.fromEntries(
  withEstimates(plan.steps, plan.dockerfile, indexTimings(timings)).flatMap((ps) => ps.estimate ? [[ps.step.instruction.line, `${ps.estimate.seconds} ${ps.estimate.from}`]] : []),
);

const DF = 'FROM busybox:local\nWORKDIR /app\nCOPY a.txt ./\nRUN make\nRUN sleep 2\n';

t('a step a real build ran has its own duration', () => {
  const { plan } = planOnce(DF, { 'a.txt': '1' }, []);
  assert.equal(estimates(plan, timed(plan, { 4: 42, 5: 2 })), { 4: '42 this-step', 5: '2 this-step' });
});

t('a step rebuilt because its inputs changed takes what its earlier version took (same instruction)', () => {
  const first = planOnce(DF, { 'a.txt': '1' }, []);
  const { plan } = planOnce(DF, { 'a.txt': '2' }, [first.run]);
  assert.equal(estimates(plan, timed(first.plan, { 3: 0.1, 4: 42 })), { 3: '0.1 earlier-version', 4: '42 earlier-version' });
});

t('an edited instruction takes what the step at its place took; the newest timing wins', () => {
  const first = planOnce(DF, { 'a.txt': '1' }, []);
  const older = timed(first.plan, { 5: 9 }, '2025-01-01T00:00:00.000Z');
  const { plan } = planOnce(DF.replace('sleep 2', 'sleep 3'), { 'a.txt': '1' }, [first.run]);
  assert.equal(estimates(plan, [...timed(first.plan, { 5: 2 }), ...older]), { 5: '2 earlier-version' });
});

t('a step inserted above does not take the time of the step it pushed down, which keeps its own', () => {
  const first = planOnce(DF, { 'a.txt': '1' }, []);
  const { plan } = planOnce(DF.replace('RUN make\n', 'RUN echo hi\nRUN make\n'), { 'a.txt': '1' }, [first.run]);
  assert.equal(estimates(plan, timed(first.plan, { 4: 42 })), { 5: '42 earlier-version' });
});

t('a different instruction kind at the place takes nothing', () => {
  const first = planOnce(DF, { 'a.txt': '1' }, []);
  const { plan } = planOnce(DF.replace('RUN sleep 2', 'COPY a.txt /b'), { 'a.txt': '1' }, [first.run]);
  assert.equal(estimates(plan, timed(first.plan, { 5: 2 })), {});
});

t('the rebuild cost sums the rebuilt steps that have an estimate and counts the others; none without any', () => {
  const first = planOnce(DF, { 'a.txt': '1' }, []);
  const { plan } = planOnce(DF, { 'a.txt': '2' }, [first.run]);
  const steps = withEstimates(plan.steps, plan.dockerfile, indexTimings(timed(first.plan, { 4: 42.25, 5: 2.1 })));
  assert.equal(rebuildCost(steps), { seconds: 44.4, known: 2, unknown: 1 });
  assert.is(rebuildCost(plan.steps), null);
});

t('FROM of another stage makes no vertex: neither timed nor counted unknown', () => {
  const df = 'FROM busybox:local AS a\nRUN make\nFROM a\nRUN sleep 1\n';
  const { plan } = planOnce(df, {}, []);
  const steps = withEstimates(plan.steps, plan.dockerfile, indexTimings(timed(plan, { 2: 5 })));
  assert.equal(rebuildCost(steps), { seconds: 5, known: 1, unknown: 2 });
});

t.run();
