import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { unless } from '../_helpers/skip.js';
import { layerplan } from '../_helpers/cli.js';
import { makeTar } from '../image/_helpers/make-tar.js';
import { DOCKER_CLI, docker, findOrStartEngine, type RealEngine } from '../engine/_helpers/real-engine.js';

/**
 * Base layers against a real dockerd: an imported image, and one BuildKit
 * built on it (with 0-byte WORKDIR layers and metadata rows in its history),
 * are listed as present with exactly the engine's diff ids and sizes; an
 * image the engine lacks is "to pull"; `layers` counts the shared ones once.
 * Reported as skipped, saying why, without an engine.
 */
const s = suite('conformance/base-layers');
/** Known at load, so that without an engine each test is reported as skipped (with the reason), never as passed. */
const found = await findOrStartEngine();
const test = unless(s, 'conformance/base-layers', typeof found === 'string' ? found : null);
const BASE = 'lplayers-base:test';
const MID = 'lplayers-mid:test';
const MISSING = 'lplayers-missing:nope';
let engine: RealEngine | string = found;

s.before(async () => {
  if (typeof engine === 'string') return;
  docker(engine, ['import', '-', BASE], makeTar([{ name: 'etc/', type: 'directory' }, { name: 'etc/os-release', body: 'ID=test\n'.repeat(500) }]));
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-mid-'));
  writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${BASE}\nWORKDIR /app\nENV X=1\nCOPY f /app/f\nWORKDIR /\nLABEL a=b\n`);
  writeFileSync(path.join(dir, 'f'), 'data\n');
  const built = spawnSync(DOCKER_CLI, ['build', '--network', 'none', '-t', MID, dir], { env: { ...process.env, ...engine.env, DOCKER_BUILDKIT: '1' }, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`docker build failed: ${built.stderr}`);
});

s.after(async () => {
  if (typeof engine === 'string') return;
  for (const tag of [MID, BASE]) {
    try {
      docker(engine, ['rmi', '-f', tag]);
    } catch {
      // already gone
    }
  }
  await engine.stop();
});

interface JsonLayer {
  diffId: string;
  size: number | null;
  createdBy: string | null;
}
interface JsonBase {
  ref: string;
  present: boolean | null;
  layers: JsonLayer[] | null;
}


function inspect(e: RealEngine, ref: string): { layers: string[]; size: number } {
  const o = JSON.parse(docker(e, ['image', 'inspect', ref]))[0] as { RootFS: { Layers: string[] }; Size: number };
  return { layers: o.RootFS.Layers, size: o.Size };
}

test('build: a local image is present with the engine\'s layers and sizes; a missing one is to pull', () => {
  if (typeof engine === 'string') throw new Error(engine);
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-bases-'));
  writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${MID} AS a\nCOPY g /g\nFROM ${MISSING}\nCOPY --from=a /g /g\n`);
  writeFileSync(path.join(dir, 'g'), 'g\n');
  const args = ['build', dir, '--dry-run', '--cache-dir', `${dir}.store`];
  const r = layerplan([...args, '--json'], { env: engine.env });
  assert.is(r.status, 0, r.stderr);
  const [mid, missing] = (JSON.parse(r.stdout) as { bases: JsonBase[] }).bases;
  const real = inspect(engine, MID);
  assert.equal([mid?.ref, mid?.present], [MID, true]);
  assert.equal(mid?.layers?.map((l) => l.diffId), real.layers);
  // import, WORKDIR /app (0 bytes, a layer in BuildKit), COPY; ENV, WORKDIR / and LABEL make none.
  assert.equal(mid?.layers?.map((l) => l.createdBy), ['', 'WORKDIR /app', 'COPY f /app/f # buildkit']);
  assert.is(mid?.layers?.reduce((sum, l) => sum + (l.size ?? NaN), 0), real.size);
  assert.equal([missing?.ref, missing?.present, missing?.layers], [MISSING, false, null]);
  const text = layerplan(args, { env: engine.env }).stdout;
  assert.match(text, new RegExp(`base ${MID}: image [0-9a-f]{12}, 3 layers, [0-9.]+ kB, in the local engine: reused\\n`));
  assert.match(text, `base ${MISSING}: not in the local engine: the build pulls it\n`);
});

test('layers: the imported layer is shared by three Dockerfiles, the built ones by two; bytes saved from the engine\'s sizes', () => {
  if (typeof engine === 'string') throw new Error(engine);
  const root = mkdtempSync(path.join(tmpdir(), 'lp-layers-real-'));
  for (const [name, from] of [['a', MID], ['b', MID], ['c', BASE]] as const) {
    mkdirSync(path.join(root, name));
    writeFileSync(path.join(root, name, 'Dockerfile'), `FROM ${from}\nWORKDIR /srv\n`);
  }
  const r = layerplan(['layers', root, '--json', '--cache-dir', path.join(root, '.store')], { env: engine.env });
  assert.is(r.status, 0, r.stderr);
  const json = JSON.parse(r.stdout) as { sharedLayers: { diffId: string; dockerfiles: string[] }[]; savedBytes: number; sharedSteps: { dockerfiles: string[] }[] };
  const base = inspect(engine, BASE);
  const mid = inspect(engine, MID);
  assert.equal(json.sharedLayers.map((l) => [l.diffId, l.dockerfiles.length]), mid.layers.map((id, i) => [id, i === 0 ? 3 : 2]));
  assert.is(json.savedBytes, base.size * 2 + (mid.size - base.size));
  assert.equal(json.sharedSteps.map((s) => s.dockerfiles), [['a/Dockerfile', 'b/Dockerfile']], 'WORKDIR /srv on the same base is one cached step');
});

s.run();
