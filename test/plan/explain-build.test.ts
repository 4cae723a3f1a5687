import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { explainBuild } from '../../src/plan/explain-build.js';
import { toBuildRecord, type Plan } from '../../src/plan/index.js';
import type { Actual, RunRecord } from '../../src/store/types.js';
import type { Fingerprints } from '../../src/key/index.js';
import { planOnce } from '../_helpers/plan.js';
import { explainReasonLine } from '../../src/views/explain-text.js';

const t = suite('plan/explain-build');
const DOCKERFILE = 'FROM busybox:local\nARG V=1\nCOPY a.txt /a\nRUN echo $V\nRUN cat /a\n';
const EXEC = { command: 'docker buildx build', argv: [], version: 'docker 28.5.2', exitStatus: 0, seconds: 1, bases: [], unmatched: [] };
const selections = new Map<string, Fingerprints>();

/** A real build of the plan: `actual` by line (absent lines hit). */
function built(plan: Plan, n: number, actual: Record<number, Actual | null>): RunRecord {
  const steps = new Map(plan.steps.map((ps) => [ps.step.id, { actual: actual[ps.step.instruction.line] === undefined ? 'cached' as const : actual[ps.step.instruction.line] ?? null, seconds: null }]));
  const { run, selections: sel } = toBuildRecord(plan, steps, { id: `b${n}`, time: `2026-12-01T10:0${n}:00.000Z`, context: '/ctx', buildArgs: {} }, EXEC);
  for (const [d, f] of sel) selections.set(d, f);
  return run;
}
const why = (steps: ReturnType<typeof explainBuild>): Record<number, string | null> => Object.fromEntries(steps.map((s) => [s.record.line, s.reason?.kind ?? null]));

t('a file edit: the COPY names the file, the RUN after it is the cascade; a build arg names old → new', () => {
  const one = planOnce(DOCKERFILE, { 'a.txt': 'a\n' }, []);
  const first = built(one.plan, 1, { 3: 'rebuilt', 4: 'rebuilt', 5: 'rebuilt' });
  const two = planOnce(DOCKERFILE, { 'a.txt': 'b\n' }, [first]);
  const second = built(two.plan, 2, { 3: 'rebuilt', 4: 'rebuilt', 5: 'rebuilt' });
  const steps = explainBuild(second, [first, second], (d) => selections.get(d) ?? null);
  assert.equal(why(steps), { 1: null, 2: null, 3: 'files-changed', 4: 'parent-rebuilt', 5: 'parent-rebuilt' });
  assert.equal(steps[2]?.reason, { kind: 'files-changed', added: [], removed: [], modified: ['a.txt'] });
  const three = planOnce(DOCKERFILE, { 'a.txt': 'b\n' }, [first, second], { buildArgs: { V: '2' } });
  const third = built(three.plan, 3, { 4: 'rebuilt', 5: 'rebuilt' });
  const args = explainBuild(third, [first, second, third], (d) => selections.get(d) ?? null);
  assert.equal(args[3]?.reason, { kind: 'env-changed', changes: [{ name: 'V', before: '1', after: '2' }] });
  assert.is(args[4]?.reason?.kind, 'parent-rebuilt');
});

t('the key matched an earlier build yet the step ran: the builder had pruned it; the first build is a first build', () => {
  const one = planOnce(DOCKERFILE, { 'a.txt': 'p\n' }, []);
  const first = built(one.plan, 1, { 3: 'rebuilt', 4: 'rebuilt', 5: 'rebuilt' });
  assert.equal(why(explainBuild(first, [first], () => null)), { 1: null, 2: null, 3: 'first-build', 4: 'parent-rebuilt', 5: 'parent-rebuilt' });
  const again = built(planOnce(DOCKERFILE, { 'a.txt': 'p\n' }, [first]).plan, 2, { 5: 'rebuilt' });
  const steps = explainBuild(again, [first, again], () => null);
  assert.equal(steps[4]?.reason, { kind: 'cache-pruned', builtAt: '2026-12-01T10:01:00.000Z', engine: null });
  assert.match(explainReasonLine(steps[4]?.reason ?? { kind: 'first-build' }), /cache was pruned\): the key matched the build of 2026-12-01 10:01 UTC/);
});

t.run();
