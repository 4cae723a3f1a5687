import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { looksLikeBuildah, parseBuildkitLog } from '../../src/timings/parse-buildkit-log.js';
import { fixture } from './fixtures.js';

const t = suite('timings/parse-buildkit-log');

t('a real multi-stage first build: Dockerfile vertices with stage parts and durations; internal ones left out', () => {
  const log = parseBuildkitLog(fixture('multi-stage/first-build.log'));
  assert.is(log.builds, 1);
  assert.equal(log.vertices.map((v) => [v.id, v.stage, v.index, v.total, v.text]), [
    [4, 'base', 1, 4, 'FROM docker.io/library/busybox:local'],
    [5, 'stage-1', 2, 4, 'WORKDIR /app'],
    [6, 'base', 2, 4, 'RUN sleep 1 && echo "hello" > /greeting'],
    [8, 'base', 3, 4, 'COPY a.txt /a.txt'],
    [9, 'stage-1', 3, 4, 'COPY --from=base /greeting ./greeting'],
    [10, 'stage-1', 4, 4, 'RUN sleep 2'],
  ]);
  assert.equal(log.vertices.find((v) => v.id === 6)?.outcome, { kind: 'done', seconds: 1.1 });
  assert.equal(log.vertices.find((v) => v.id === 10)?.outcome, { kind: 'done', seconds: 2.1 });
});

t('cached vertices, printed out of order, are marked cached', () => {
  const log = parseBuildkitLog(fixture('multi-stage/after-a-txt-edit.log'));
  const outcome = (id: number): string | undefined => log.vertices.find((v) => v.id === id)?.outcome?.kind;
  assert.equal([outcome(5), outcome(6), outcome(8), outcome(9), outcome(10)], ['cached', 'cached', 'done', 'cached', 'cached']);
});

t('a failed build: the error and the one-stage name (no stage part)', () => {
  const log = parseBuildkitLog(fixture('one-stage/failed-build-arg-v7.log'));
  const byText = new Map(log.vertices.map((v) => [v.text, v]));
  assert.is(byText.get('RUN exit 1')?.outcome?.kind, 'error');
  assert.is(byText.get('RUN sleep 1 && echo 7 > /v')?.stage, '');
  assert.equal(byText.get('RUN sleep 1 && echo 7 > /v')?.outcome, { kind: 'done', seconds: 1.1 });
  assert.is(byText.get('FROM docker.io/library/busybox:local')?.outcome?.kind, 'cached');
});

t('a header printed again when output resumes keeps the first name; CRLF, cancelled and unfinished vertices', () => {
  const log = parseBuildkitLog([
    '#1 [internal] load build definition from Dockerfile', '#1 DONE 0.0s',
    '#4 [2/3] RUN make', '#4 0.512 compiling', '#5 [3/3] RUN sleep 9\r', '#4 [2/3] RUN make', '#4 DONE 62.4s\r',
    '#6 [4/4] RUN true', '#6 CANCELED', '',
  ].join('\n'));
  assert.equal(log.vertices.map((v) => [v.text, v.outcome]), [
    ['RUN make', { kind: 'done', seconds: 62.4 }],
    ['RUN sleep 9', null],
    ['RUN true', { kind: 'canceled' }],
  ]);
});

t('two builds in one log: only the last one is read', () => {
  const log = parseBuildkitLog(`${fixture('multi-stage/first-build.log')}\n${fixture('multi-stage/after-a-txt-edit.log')}`);
  assert.is(log.builds, 2);
  assert.equal(log.vertices.filter((v) => v.outcome?.kind === 'done').map((v) => v.text), ['FROM docker.io/library/busybox:local', 'COPY a.txt /a.txt']);
});

t('buildah output has no vertices and is recognised as buildah', () => {
  const text = fixture('one-stage/buildah.log');
  assert.is(parseBuildkitLog(text).vertices.length, 0);
  assert.ok(looksLikeBuildah(text));
  assert.not.ok(looksLikeBuildah(fixture('multi-stage/first-build.log')));
});

t.run();
