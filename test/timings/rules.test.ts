import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { analyzeDockerfile } from '../../src/app/analyze.js';
import { PLATFORM_ARGS, planSnapshot } from '../_helpers/plan.js';
import { toRunRecord, type Plan } from '../../src/plan/index.js';
import { EXPENSIVE_SECONDS, expenseOf } from '../../src/rules/expense.js';
import { indexRuns } from '../../src/store/index-runs.js';
import { indexTimings } from '../../src/store/index-timings.js';
import type { StepDurations, StepTiming } from '../../src/store/types.js';
import { factsOf, type FakeRepo } from '../rules/rule-harness.js';
import { timed } from './timed.js';

const t = suite('timings/rules');
const REPO: FakeRepo = { files: { 'app.js': 'x', '.dockerignore': 'node_modules\n' } };

function plan(dockerfile: string, base: Plan | null, durations?: StepDurations): Plan {
  const { run, selections } = base ? toRunRecord(base, { id: 'base', time: '1970-01-01T00:00:00.000Z', context: '', buildArgs: {} }) : { run: null, selections: new Map() };
  return planSnapshot(dockerfile, factsOf(REPO).snapshot, indexRuns(run ? [run] : [], (d) => selections.get(d) ?? null, durations));
}

/** Findings of the change from `before` to `after`, as `check` plans it, with durations recorded for `before`'s lines. */
function check(before: string, after: string, seconds: Record<number, number>): { ids: string[]; messages: string[] } {
  const basePlan = plan(before, null);
  const timings: StepTiming[] = timed(basePlan, seconds);
  const afterPlan = plan(after, basePlan, indexTimings(timings));
  const findings = analyzeDockerfile({ dockerfile: 'Dockerfile', text: after, context: factsOf(REPO), change: { before: basePlan, after: afterPlan }, settings: new Map(), platformArgs: PLATFORM_ARGS });
  return { ids: findings.map((f) => f.ruleId), messages: findings.map((f) => f.message) };
}

const SCRIPT = 'FROM node:20\nWORKDIR /app\nCOPY app.js ./\nRUN ./build-everything.sh\n';
const INSERTED = SCRIPT.replace('RUN ./build', 'RUN echo hi\nRUN ./build');

t(`an unrecognised command that took ${EXPENSIVE_SECONDS}s or more in a real build is expensive: the edit above it is a bust`, () => {
  assert.equal(check(SCRIPT, INSERTED, {}).ids, []);
  const { ids, messages } = check(SCRIPT, INSERTED, { 4: 125 });
  assert.equal(ids, ['LP111']);
  assert.match(messages[0] ?? '', /RUN \.\/build-everything\.sh \(line 5, ≈ 2m 5s in recorded builds\)/);
});

t('a recognised install that took under the threshold in a real build is not expensive', () => {
  const npm = SCRIPT.replace('./build-everything.sh', 'npm ci');
  const inserted = INSERTED.replace('./build-everything.sh', 'npm ci');
  assert.equal(check(npm, inserted, {}).ids.filter((id) => id === 'LP111'), ['LP111']);
  assert.equal(check(npm, inserted, { 4: 2 }).ids.filter((id) => id === 'LP111'), []);
});

t('expenseOf: the recorded duration decides when there is one, else the command', () => {
  const runStep = plan('FROM x\nRUN npm ci\nRUN ./x.sh\nCOPY app.js /\n', null).steps.map((ps) => ps.step);
  const [, npm, script, copy] = runStep;
  if (!npm || !script || !copy) throw new Error('steps missing');
  assert.is(expenseOf(npm, null)?.kind, 'install');
  assert.is(expenseOf(npm, 9.9), null);
  assert.is(expenseOf(npm, 10)?.kind, 'install');
  assert.is(expenseOf(script, null), null);
  assert.is(expenseOf(script, 30)?.kind, 'slow');
  assert.is(expenseOf(copy, 300), null);
});

t.run();
