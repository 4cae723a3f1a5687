import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { EngineHistoryRow, ResolvedBase } from '../../src/engine/index.js';
import { knownSize, pairBaseLayers, toBaseNote } from '../../src/layers/base-layers.js';

const t = suite('layers/base-layers');

const row = (createdBy: string, size: number): EngineHistoryRow => ({ created: 0, createdBy, tags: [], size, comment: '' });
const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `sha256:${String(i).repeat(64).slice(0, 64)}`);

/** What dockerd 20.10 answered for `FROM busybox:local, WORKDIR /app, RUN true, ENV, COPY, WORKDIR /, RUN echo, LABEL` (BuildKit). */
const BUILDKIT_HISTORY = [
  row('', 1982361),
  row('WORKDIR /app', 0),
  row('RUN /bin/sh -c true # buildkit', 0),
  row('ENV X=1', 0),
  row('COPY f /app/f # buildkit', 5),
  row('WORKDIR /', 0),
  row('RUN /bin/sh -c echo x > /y # buildkit', 2),
  row('LABEL a=b', 0),
];

t('BuildKit: 0-byte WORKDIR /app and RUN true are layers; ENV, WORKDIR / and LABEL are not', () => {
  const layers = pairBaseLayers(ids(5), BUILDKIT_HISTORY);
  assert.equal(layers.map((l) => [l.createdBy, l.size]), [
    ['', 1982361],
    ['WORKDIR /app', 0],
    ['RUN /bin/sh -c true # buildkit', 0],
    ['COPY f /app/f # buildkit', 5],
    ['RUN /bin/sh -c echo x > /y # buildkit', 2],
  ]);
  assert.equal(layers.map((l) => l.diffId), ids(5));
  assert.is(knownSize(layers), 1982368);
});

t('legacy builder: an empty RUN made no layer, so the counts leave every 0-byte row out', () => {
  const history = [row('/bin/sh -c #(nop) ADD file:abc in / ', 5_000_000), row('/bin/sh -c #(nop)  CMD ["sh"]', 0), row('/bin/sh -c true', 0), row('/bin/sh -c echo x > /y', 2)];
  const layers = pairBaseLayers(ids(2), history);
  assert.equal(layers.map((l) => l.createdBy), ['/bin/sh -c #(nop) ADD file:abc in / ', '/bin/sh -c echo x > /y']);
});

t('counts that fit neither all nor none of the 0-byte rows: ids kept, sizes and instructions unknown', () => {
  const history = [row('ADD file:abc in /', 100), row('RUN /bin/sh -c a # buildkit', 0), row('RUN /bin/sh -c b # buildkit', 0)];
  const layers = pairBaseLayers(ids(2), history);
  assert.equal(layers, ids(2).map((diffId) => ({ diffId, size: null, createdBy: null })));
  assert.is(knownSize(layers), null);
  assert.equal(pairBaseLayers(ids(1), []), [{ diffId: ids(1)[0], size: null, createdBy: null }], 'no history at all');
});

t('toBaseNote: a local image is present with its layers; a missing one is to pull; no engine is unknown', () => {
  const resolved: ResolvedBase = { id: 'sha256:img', repoDigests: [], diffIds: ids(5), size: 1982368, history: BUILDKIT_HISTORY };
  const local = toBaseNote('app:1', resolved);
  assert.equal([local.id, local.present, local.note, local.layers?.length], ['sha256:img', true, null, 5]);
  const pull = toBaseNote('gone:1', { unavailable: { kind: 'not-found', message: 'the local engine has no image gone:1' } });
  assert.equal([pull.id, pull.present, pull.layers, pull.note], [null, false, null, 'the local engine has no image gone:1']);
  const none = toBaseNote('x:1', { unavailable: { kind: 'no-engine', message: 'no Docker Engine', why: 'no socket' } });
  assert.equal([none.present, none.layers], [null, null]);
  const failed = toBaseNote('x:1', { unavailable: { kind: 'engine-error', message: 'HTTP 500', why: 'HTTP 500' } });
  assert.is(failed.present, null, 'an engine error says nothing about whether the image is there');
});

t.run();
