import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { unless } from '../_helpers/skip.js';
import { resolveBaseImages, resolveImage } from '../../src/engine/index.js';
import { buildImageReport } from '../../src/image/report.js';
import { readImage } from '../../src/image/read-image.js';
import { makeTar } from '../image/_helpers/make-tar.js';
import { layerplan } from '../_helpers/cli.js';
import { DOCKER_CLI, docker, findOrStartEngine, type RealEngine } from '../engine/_helpers/real-engine.js';

/**
 * Against a real dockerd: moving a tag to another image changes the id that
 * resolveImage reports, which is what a full-rebuild prediction rests on;
 * layerplan then predicts the rebuild of every step that BuildKit (inside the
 * same dockerd) does. Reported as skipped (saying why) without an engine.
 */
const s = suite('engine/retag');
/** Known at load, so that without an engine each test is reported as skipped (with the reason), never as passed. */
const found = await findOrStartEngine();
const test = unless(s, 'engine/retag', typeof found === 'string' ? found : null);
const BASE = 'lpimg-retag:base';
const A = 'lpimg-retag-a:test';
const B = 'lpimg-retag-b:test';
let engine: RealEngine | string = found;

s.before(async () => {
  if (typeof engine === 'string') return;
  docker(engine, ['import', '-', A], makeTar([{ name: 'etc/', type: 'directory' }, { name: 'etc/version', body: 'one\n' }]));
  docker(engine, ['import', '-', B], makeTar([{ name: 'etc/', type: 'directory' }, { name: 'etc/version', body: 'two\n' }]));
  docker(engine, ['tag', A, BASE]);
});

s.after(async () => {
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
  if (typeof engine === 'string') throw new Error(engine);
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
  if (typeof engine === 'string') throw new Error(engine);
  const report = buildImageReport(await readImage(B, { env: engine.env, cwd: process.cwd(), platform: 'linux/amd64' }));
  assert.is(report.image.source.kind, 'engine');
  assert.is(report.image.id, (await resolveImage(B, engine.env))!.id);
  assert.equal(report.layers[0]!.changes.map((c) => `${c.kind} ${c.path}`), ['added etc', 'added etc/version']);
});

interface JsonPlan {
  steps: { line: number; status: string; reason: { kind: string } | null }[];
}

test('retagged base: layerplan predicts the full rebuild that BuildKit does', () => {
  if (typeof engine === 'string') throw new Error(engine);
  // Fresh images: BuildKit keeps results across runs, so a base it built on before would hit again.
  const nonce = `${Date.now()}-${process.pid}`;
  const [freshA, freshB] = ['a', 'b'].map((n) => {
    const tag = `lpimg-retag-${n}${nonce}:test`;
    docker(engine as RealEngine, ['import', '-', tag], makeTar([{ name: 'etc/', type: 'directory' }, { name: 'etc/version', body: `${n} ${nonce}\n` }]));
    return tag;
  }) as [string, string];
  docker(engine, ['tag', freshA, BASE]);
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-retag-'));
  writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${BASE}\nCOPY a.txt /a.txt\nCOPY b.txt /b.txt\n`);
  writeFileSync(path.join(dir, 'a.txt'), 'a\n');
  writeFileSync(path.join(dir, 'b.txt'), 'b\n');
  const cache = path.join(dir, '.cache-store');
  writeFileSync(path.join(dir, '.dockerignore'), '.cache-store\n');
  const env = { ...engine.env, DOCKER_BUILDKIT: '1' };
  const plan = (...extra: string[]): JsonPlan => JSON.parse(layerplan(['build', dir, '--json', '--cache-dir', cache, ...extra], { env }).stdout) as JsonPlan;
  // BuildKit writes its progress to stderr.
  const realBuild = (): string => {
    const r = spawnSync(DOCKER_CLI, ['build', '--network', 'none', '--progress=plain', dir], { env: { ...process.env, ...env }, encoding: 'utf8' });
    assert.is(r.status, 0, r.stderr);
    return r.stderr;
  };
  plan('--assume-built'); // the real build below is the one this plan stands for
  realBuild();
  assert.match(realBuild(), /CACHED/, 'BuildKit caches an unchanged rebuild');
  const warm = plan();
  assert.ok(warm.steps.every((s) => s.status === 'cached'), JSON.stringify(warm.steps));
  docker(engine, ['tag', freshB, BASE]);
  const moved = plan();
  assert.equal(moved.steps.map((s) => s.status), ['rebuilt', 'rebuilt', 'rebuilt']);
  assert.is(moved.steps[0]?.reason?.kind, 'base-image-changed');
  assert.not.match(realBuild(), /CACHED/, 'BuildKit rebuilds every step on the moved base');
  for (const tag of [freshA, freshB]) docker(engine, ['rmi', '-f', tag]);
});

s.run();
