import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { layerplan } from '../_helpers/cli.js';
import { makeTar } from '../image/_helpers/make-tar.js';
import { DOCKER_CLI, docker, findOrStartEngine, type RealEngine } from '../engine/_helpers/real-engine.js';

/**
 * A base tag moved to another image: layerplan, asking the engine, predicts
 * a rebuild of every step with "base image changed", and BuildKit (inside
 * the same dockerd) does rebuild them. Skips, saying why, without an engine.
 */
const test = suite('conformance/base-retag-plan');
const BASE = 'lpimg-plan:base';
const A = 'lpimg-plan-a:test';
const B = 'lpimg-plan-b:test';
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
      docker(engine, ['rmi', '-f', tag]);
    } catch {
      // already gone
    }
  }
  await engine.stop();
});

interface JsonPlan {
  steps: { line: number; status: string; reason: { kind: string } | null }[];
}

test('retagged base: layerplan predicts the full rebuild that BuildKit does', () => {
  if (typeof engine === 'string') {
    console.log(`SKIPPED: conformance/base-retag-plan: ${engine}`);
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-retag-'));
  writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${BASE}\nCOPY a.txt /a.txt\nCOPY b.txt /b.txt\n`);
  writeFileSync(path.join(dir, 'a.txt'), 'a\n');
  writeFileSync(path.join(dir, 'b.txt'), 'b\n');
  const cache = path.join(dir, '.cache-store');
  writeFileSync(path.join(dir, '.dockerignore'), '.cache-store\n');
  const env = { ...engine.env, DOCKER_BUILDKIT: '1' };
  const plan = (): JsonPlan => JSON.parse(layerplan(['build', dir, '--json', '--cache-dir', cache], { env }).stdout) as JsonPlan;
  // BuildKit writes its progress to stderr.
  const realBuild = (): string => {
    const r = spawnSync(DOCKER_CLI, ['build', '--network', 'none', '--progress=plain', dir], { env: { ...process.env, ...env }, encoding: 'utf8' });
    assert.is(r.status, 0, r.stderr);
    return r.stderr;
  };
  plan();
  realBuild();
  assert.match(realBuild(), /CACHED/, 'BuildKit caches an unchanged rebuild');
  const warm = plan();
  assert.ok(warm.steps.every((s) => s.status === 'cached'), JSON.stringify(warm.steps));
  docker(engine, ['tag', B, BASE]);
  const moved = plan();
  assert.equal(moved.steps.map((s) => s.status), ['rebuilt', 'rebuilt', 'rebuilt']);
  assert.is(moved.steps[0]?.reason?.kind, 'base-image-changed');
  assert.not.match(realBuild(), /CACHED/, 'BuildKit rebuilds every step on the moved base');
});

test.run();
