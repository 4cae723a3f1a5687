// The progress-stream parsers on real streams (test/fixtures/progress, captured from Docker 28.5 and buildah 1.43).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseBuildahLog } from '../../src/timings/parse-buildah-log.js';
import { parseBuildkitLog } from '../../src/timings/parse-buildkit-log.js';
import { looksLikeRawjson, parseBuildkitRawjson } from '../../src/timings/parse-buildkit-rawjson.js';
import { progressFixture } from './fixtures.js';

const t = suite('timings/progress');

const brief = (v: { stage: string | number; index: number; text: string; outcome: { kind: string } | null }): string =>
  `${v.stage} ${v.index} ${v.text.split(' ')[0]} ${v.outcome?.kind ?? '-'}`;

t('rawjson: vertices merged by digest, named [stage i/n], internal ones left out; durations from started/completed', () => {
  const log = parseBuildkitRawjson(progressFixture('ms-1.rawjson'));
  assert.equal(log.vertices.map(brief).sort(), [
    'base 1 FROM cached', 'base 2 WORKDIR done', 'base 3 COPY done', 'base 4 RUN done',
    'build 1 COPY done', 'build 2 RUN done', 'stage-3 1 COPY done', 'stage-3 2 RUN done',
  ]);
  const run = log.vertices.find((v) => v.stage === 'base' && v.index === 4);
  assert.equal(run?.outcome, { kind: 'done', seconds: 0.208 });
  assert.match(run?.digest ?? '', /^sha256:[0-9a-f]{64}$/);
  assert.is(log.messages.length, 0);
  assert.ok(looksLikeRawjson(progressFixture('ms-1.rawjson')));
  assert.not.ok(looksLikeRawjson(progressFixture('ms-2-cached.plain')));
});

t('rawjson after an edit: the unchanged stage is cached, the rest ran', () => {
  const log = parseBuildkitRawjson(progressFixture('ms-3-edit.rawjson'));
  assert.equal(log.vertices.filter((v) => v.outcome?.kind === 'cached').map((v) => `${v.stage} ${v.index}`).sort(), ['base 2', 'base 3', 'base 4']);
});

t('rawjson of a failed build: the error on its vertex, the next step never started, the CLI summary kept', () => {
  const log = parseBuildkitRawjson(progressFixture('failed-1.rawjson'));
  const failed = log.vertices.find((v) => v.index === 4);
  assert.is(failed?.outcome?.kind, 'error');
  assert.match(failed?.outcome?.kind === 'error' ? failed.outcome.message ?? '' : '', /exit code: 3/);
  const never = log.vertices.find((v) => v.index === 5);
  assert.equal([never?.outcome, never?.started], [null, false]);
  assert.match(log.messages.join('\n'), /^ERROR: failed to build: failed to solve/m);
});

t('rawjson: identical steps of two stages are one vertex, named after one stage', () => {
  const log = parseBuildkitRawjson(progressFixture('merged-1.rawjson'));
  assert.equal(log.vertices.filter((v) => v.text.startsWith('RUN')).map(brief), ['two 3 RUN done']);
});

t('plain: the same reader as `timings` (CACHED, ERROR), with every named vertex begun', () => {
  const cached = parseBuildkitLog(progressFixture('ms-2-cached.plain'));
  assert.ok(cached.vertices.filter((v) => v.index > 1).every((v) => v.outcome?.kind === 'cached'));
  const failed = parseBuildkitLog(progressFixture('failed-2.plain'));
  assert.equal(failed.vertices.map(brief), [' 1 FROM done', ' 2 COPY cached', ' 3 RUN cached', ' 4 RUN error']);
});

t('buildah: STEP k/m per instruction with the stage place, "Using cache" a hit, "-->" committed, FROM without outcome', () => {
  const first = parseBuildahLog(progressFixture('bah-ms-1.log'));
  assert.equal(first.steps.map(brief), [
    '0 1 FROM -', '0 2 ARG done', '0 3 WORKDIR done', '0 4 COPY done', '0 5 RUN done',
    '1 1 FROM -', '1 2 COPY done', '1 3 RUN done', '3 1 FROM -', '3 2 COPY done', '3 3 RUN done',
  ]);
  assert.equal(first.steps[1]?.outcome, { kind: 'done', seconds: null }, 'no durations without line times');
  const edit = parseBuildahLog(progressFixture('bah-ms-2-edit.log'));
  assert.equal(edit.steps.filter((s) => s.outcome?.kind === 'cached').map((s) => `${s.stage} ${s.index}`), ['0 2', '0 3', '0 4', '0 5']);
  assert.is(edit.error, null);
});

t('buildah: a failed step takes the Error line; with line times a step lasts from STEP to -->', () => {
  const text = progressFixture('bah-failed-1.log');
  const log = parseBuildahLog(text);
  assert.equal(log.steps.map(brief), ['0 1 FROM -', '0 2 COPY done', '0 3 RUN done', '0 4 RUN error']);
  assert.match(log.error ?? '', /^Error: building at STEP "RUN echo failing-\w+ && exit 3": exit status 3$/);
  const times = text.split('\n').map((_, i) => i * 500);
  assert.equal(parseBuildahLog(text, times).steps[2]?.outcome, { kind: 'done', seconds: 1 });
});

t.run();
