import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveBaseImages, resolveImage } from '../../src/engine/index.js';
import { buildImageReport } from '../../src/image/report.js';
import { readImage } from '../../src/image/read-image.js';
import { makeTar } from '../image/_helpers/make-tar.js';
import { docker, findOrStartEngine, type RealEngine } from '../engine/_helpers/real-engine.js';

/**
 * Against a real dockerd: moving a tag to another image changes the id that
 * resolveImage reports, which is what a full-rebuild prediction rests on.
 * Skips (and says why) without an engine.
 */
const test = suite('engine/retag');
const BASE = 'lpimg-retag:base';
const A = 'lpimg-retag-a:test';
const B = 'lpimg-retag-b:test';
let engine: RealEngine | string = 'not started';

test.before(async () => {
  engine = await findOrStartEngine();
  if (typeof engine === 'string') return;
  docker(engine, ['import', '-', A], makeTar([{ name: 'etc/', type: 'directory' }, { name: 'etc/version', body: 'one\n' }]));
  docker(engine, ['import', '-', B], makeTar([{ name: 'etc/', type: 'directory' }, { name: 'etc/version', body: 'two\n' }]));
  docker(engine, ['tag', A, BASE]);
});

test.after(async () => {
  if (typeof engine === 'string') return;
  for (const tag of [BASE, A, B]) {
    try {
      docker(engine, ['rmi', tag]);
    } catch {
      // already gone
    }
  }
  await engine.stop();
});

test('retagging the base image to another image changes its resolved id', async () => {
  if (typeof engine === 'string') {
    console.log(`SKIPPED: engine/retag: ${engine}`);
    return;
  }
  const before = (await resolveBaseImages([BASE], engine.env)).get(BASE)!;
  assert.ok('id' in before, JSON.stringify(before));
  const idA = (await resolveImage(A, engine.env))!.id;
  assert.is(before.id, idA);
  docker(engine, ['tag', B, BASE]);
  const after = (await resolveBaseImages([BASE], engine.env)).get(BASE)!;
  assert.ok('id' in after);
  assert.is(after.id, (await resolveImage(B, engine.env))!.id);
  assert.is.not(after.id, before.id);
  assert.is.not(after.diffIds[0], before.diffIds[0]);
  assert.equal(after.history.map((h) => h.comment), ['Imported from -']);
});

test('inspect reads an image by name from the engine', async () => {
  if (typeof engine === 'string') {
    console.log(`SKIPPED: engine/retag: ${engine}`);
    return;
  }
  const report = buildImageReport(await readImage(B, { env: engine.env, cwd: process.cwd(), platform: 'linux/amd64' }));
  assert.is(report.image.source.kind, 'engine');
  assert.is(report.image.id, (await resolveImage(B, engine.env))!.id);
  assert.equal(report.layers[0]!.changes.map((c) => `${c.kind} ${c.path}`), ['added etc', 'added etc/version']);
});

test.run();
