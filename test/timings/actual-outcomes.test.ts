// What real builds did with each planned step, from the recorded streams in test/fixtures/progress.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Plan } from '../../src/plan/index.js';
import { actualOutcomes, type ActualOutcomes } from '../../src/timings/actual-outcomes.js';
import { parseBuildahLog } from '../../src/timings/parse-buildah-log.js';
import { parseBuildkitLog } from '../../src/timings/parse-buildkit-log.js';
import { parseBuildkitRawjson } from '../../src/timings/parse-buildkit-rawjson.js';
import { planOnce } from '../_helpers/plan.js';
import { progressFixture } from './fixtures.js';

const t = suite('timings/actual-outcomes');

const MARKER = '530760895390\n';
/** `line: predicted→actual` for every step the stream says something of. */
function table(plan: Plan, out: ActualOutcomes): string[] {
  return plan.steps.flatMap((ps) => {
    const a = out.steps.get(ps.step.id);
    return a ? [`${ps.step.instruction.line}: ${ps.status}→${a.actual ?? (a.failed ? 'failed' : '-')}`] : [];
  });
}
const rawjson = (name: string) => ({ kind: 'buildkit' as const, vertices: parseBuildkitRawjson(progressFixture(name)).vertices });

t('multi-stage, first build then an edit: every step on its vertex, and the second prediction all right', () => {
  const dockerfile = progressFixture('ms.Dockerfile');
  const first = planOnce(dockerfile, { marker: MARKER, 'a.txt': 'a\n' }, []);
  const one = actualOutcomes(first.plan, rawjson('ms-1.rawjson'));
  assert.equal(table(first.plan, one), ['1: rebuilt→-', '3: rebuilt→rebuilt', '4: rebuilt→rebuilt', '5: rebuilt→rebuilt', '8: rebuilt→rebuilt', '9: rebuilt→rebuilt', '16: rebuilt→rebuilt', '17: rebuilt→rebuilt']);
  assert.equal([one.predictedRight, one.predicted, one.unmatched.length], [7, 7, 0]);
  const second = planOnce(dockerfile, { marker: MARKER, 'a.txt': 'b\n' }, [first.run]);
  const two = actualOutcomes(second.plan, rawjson('ms-3-edit.rawjson'));
  assert.equal(table(second.plan, two).slice(1, 4), ['3: cached→cached', '4: cached→cached', '5: cached→cached']);
  assert.equal([two.predictedRight, two.predicted], [7, 7]);
  assert.is(two.steps.get(second.plan.steps.find((s) => s.step.instruction.line === 9)?.step.id ?? '')?.seconds, 0.304);
});

t('--target build: the final stage is skipped and says nothing; plain streams map the same way', () => {
  const dockerfile = progressFixture('ms.Dockerfile');
  const built = planOnce(dockerfile, { marker: MARKER, 'a.txt': 'c\n' }, []);
  const target = planOnce(dockerfile, { marker: MARKER, 'a.txt': 'c\n' }, [built.run], { target: 'build' });
  const out = actualOutcomes(target.plan, rawjson('ms-5-target.rawjson'));
  assert.equal([out.predictedRight, out.predicted], [5, 5]);
  assert.ok(!table(target.plan, out).some((l) => /^1[67]:/.test(l)));
  const plain = actualOutcomes(built.plan, { kind: 'buildkit', vertices: parseBuildkitLog(progressFixture('ms-4-edit.plain')).vertices });
  assert.equal(table(built.plan, plain).filter((l) => l.endsWith('→cached')).length, 3);
});

t('identical steps of two stages: the one merged vertex gives both stages their outcome', () => {
  const { plan } = planOnce(progressFixture('merged.Dockerfile'), { marker: MARKER }, []);
  const out = actualOutcomes(plan, rawjson('merged-1.rawjson'));
  const lines = table(plan, out);
  assert.ok(lines.includes('3: rebuilt→rebuilt'), lines.join(', '));
  assert.ok(lines.some((l) => /^7: \w+→rebuilt$/.test(l)), 'the vertex is named after stage two');
  assert.is(out.unmatched.length, 0);
});

t('a build failing half-way: steps before it as the builder did them, the failed one marked, the rest unknown', () => {
  const { plan } = planOnce(progressFixture('failed.Dockerfile'), { marker: MARKER }, []);
  const out = actualOutcomes(plan, rawjson('failed-1.rawjson'));
  assert.equal(table(plan, out), ['1: rebuilt→-', '2: rebuilt→cached', '3: rebuilt→rebuilt', '4: rebuilt→failed', '5: rebuilt→-']);
  assert.equal([out.predictedRight, out.predicted], [1, 2]);
  const never = out.steps.get(plan.steps[4]?.step.id ?? '');
  assert.equal([never?.running, never?.failed], [false, false]);
});

t('buildah: steps by stage and position (every instruction is one), a failure on its step', () => {
  const dockerfile = progressFixture('ms.Dockerfile');
  const first = planOnce(dockerfile, { marker: MARKER, 'a.txt': 'a\n' }, [], { builder: 'buildah' });
  const second = planOnce(dockerfile, { marker: MARKER, 'a.txt': 'b\n' }, [first.run], { builder: 'buildah' });
  const out = actualOutcomes(second.plan, { kind: 'buildah', steps: parseBuildahLog(progressFixture('bah-ms-2-edit.log')).steps });
  assert.equal(table(second.plan, out), ['1: cached→-', '2: cached→cached', '3: cached→cached', '4: cached→cached', '5: cached→cached', '7: cached→-', '8: rebuilt→rebuilt', '9: rebuilt→rebuilt', '15: cached→-', '16: rebuilt→rebuilt', '17: rebuilt→rebuilt']);
  assert.equal([out.predictedRight, out.predicted, out.unmatched.length], [8, 8, 0]);
  const failed = planOnce(progressFixture('failed.Dockerfile'), { marker: MARKER }, [], { builder: 'buildah' });
  const f = actualOutcomes(failed.plan, { kind: 'buildah', steps: parseBuildahLog(progressFixture('bah-failed-1.log')).steps });
  assert.equal(table(failed.plan, f), ['1: rebuilt→-', '2: rebuilt→rebuilt', '3: rebuilt→rebuilt', '4: rebuilt→failed']);
});

t.run();
