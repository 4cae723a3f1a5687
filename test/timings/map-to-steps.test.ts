import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseDockerfile } from '../../src/parse/index.js';
import { mapToSteps, printedMatches } from '../../src/timings/map-to-steps.js';
import { parseBuildkitLog } from '../../src/timings/parse-buildkit-log.js';
import { planOnce } from '../_helpers/plan.js';
import { fixture } from './fixtures.js';

const t = suite('timings/map-to-steps');

const timed = (m: ReturnType<typeof mapToSteps>): [number, string, number, number][] =>
  m.timed.map((s) => [s.step.step.instruction.line, s.step.stage, s.ordinal, s.seconds]);

t('multi-stage first build: every vertex on its step, counting the steps BuildKit skips (ARG, ENV, WORKDIR /)', () => {
  const { plan } = planOnce(fixture('multi-stage/Dockerfile'), { 'a.txt': 'one\n' }, []);
  const m = mapToSteps(plan, parseBuildkitLog(fixture('multi-stage/first-build.log')).vertices);
  assert.equal(timed(m), [[1, 'base', 0, 0], [5, 'base', 4, 1.1], [6, 'base', 5, 0], [9, '1', 1, 0], [10, '1', 2, 0], [11, '1', 3, 2.1]]);
  assert.equal([m.cached, m.unfinished, m.unmatched.length, m.unkeyed], [0, 0, 0, 0]);
});

t('after an edit only the step that ran is timed; cached ones are counted', () => {
  const { plan } = planOnce(fixture('multi-stage/Dockerfile'), { 'a.txt': 'two\n' }, []);
  const m = mapToSteps(plan, parseBuildkitLog(fixture('multi-stage/after-a-txt-edit.log')).vertices);
  assert.equal(timed(m), [[1, 'base', 0, 0], [6, 'base', 5, 0]]);
  assert.is(m.cached, 4);
});

t('a failed build with a build arg: the RUN printed with it expanded is found; the failed step is not timed', () => {
  const { plan } = planOnce(fixture('one-stage/Dockerfile'), { 'a.txt': 'a\n' }, [], { buildArgs: { V: '7' } });
  const m = mapToSteps(plan, parseBuildkitLog(fixture('one-stage/failed-build-arg-v7.log')).vertices);
  assert.equal(timed(m), [[4, '0', 3, 1.1], [5, '0', 4, 0]]);
  assert.equal([m.cached, m.unfinished], [1, 1]);
});

t('vertices of a stage the Dockerfile lacks, or text no instruction has, are unmatched', () => {
  const { plan } = planOnce('FROM busybox:local AS app\nRUN make\n', {}, []);
  const vertices = [
    { id: 5, stage: 'other', index: 2, total: 2, text: 'RUN make', outcome: { kind: 'done' as const, seconds: 3 } },
    { id: 6, stage: 'app', index: 2, total: 3, text: 'RUN echo from an ONBUILD trigger', outcome: { kind: 'done' as const, seconds: 1 } },
    { id: 7, stage: 'APP', index: 3, total: 3, text: 'RUN make', outcome: { kind: 'done' as const, seconds: 30 } },
  ];
  const m = mapToSteps(plan, vertices);
  assert.equal(m.unmatched.map((v) => v.id), [5, 6]);
  assert.equal(timed(m), [[2, 'app', 1, 30]]);
});

t('the same instruction twice in a stage: matched in order', () => {
  const { plan } = planOnce('FROM busybox:local\nRUN sleep 1\nENV X=1\nRUN sleep 1\n', {}, []);
  const m = mapToSteps(plan, [
    { id: 7, stage: '', index: 3, total: 3, text: 'RUN sleep 1', outcome: { kind: 'done', seconds: 2 } },
    { id: 6, stage: '', index: 2, total: 3, text: 'RUN sleep 1', outcome: { kind: 'done', seconds: 1 } },
  ]);
  assert.equal(timed(m), [[2, '0', 1, 1], [4, '0', 3, 2]]);
});

const ins = (text: string) => {
  const parsed = parseDockerfile(`FROM x\n${text}\n`);
  const found = parsed.instructions[1];
  if (!found) throw new Error(`no instruction in ${text}`);
  return found;
};

t('printedMatches: expanded variables, keyword case, whitespace and continuations; other text does not match', () => {
  assert.ok(printedMatches(ins('RUN sleep $WAIT && echo "${GREETING:-x}" > /g'), 'RUN sleep 1 && echo "hello" > /g'));
  assert.ok(printedMatches(ins('run  make \\\n    all'), 'RUN make all'));
  assert.ok(printedMatches(ins('RUN ["echo", "hi"]'), 'RUN ["echo", "hi"]'));
  assert.ok(printedMatches(ins('COPY --from=base /a ./a'), 'COPY --from=base /a ./a'));
  assert.not.ok(printedMatches(ins('RUN make all'), 'RUN make'));
  assert.not.ok(printedMatches(ins('RUN make (a+b)'), 'RUN make a'));
});

t.run();
