import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { unless } from '../_helpers/skip.js';
import { bin, layerplan } from '../_helpers/cli.js';
import { DOCKER_CLI, docker, findOrStartEngine, type RealEngine } from '../engine/_helpers/real-engine.js';

/**
 * `layerplan timings` on a real BuildKit log: a build with `RUN sleep 1` and a
 * build arg is piped in; the RUN is timed at 1 s or more, the next plan after
 * an edit estimates it and says what the rebuild costs, and a second build
 * (all cached) records nothing new. Reported as skipped, saying why, without an engine.
 */
const s = suite('conformance/timings-real');
/** Known at load, so that without an engine each test is reported as skipped (with the reason), never as passed. */
const found = await findOrStartEngine();
const test = unless(s, 'conformance/timings-real', typeof found === 'string' ? found : null);
const BASE = 'lptimings-base:test';
let engine: RealEngine | string = found;

s.before(async () => {
  if (typeof engine === 'string') return;
  const rootfs = mkdtempSync(path.join(tmpdir(), 'lp-timings-rootfs-'));
  const tar = spawnSync('sh', ['-c', `mkdir -p bin && cp /bin/busybox bin/ && for a in sh sleep echo true; do ln -sf busybox bin/$a; done && tar -c .`], { cwd: rootfs, maxBuffer: 1 << 26 });
  if (tar.status !== 0) throw new Error(`cannot make a busybox root file system: ${tar.stderr.toString()}`);
  docker(engine, ['import', '-', BASE], tar.stdout);
});

s.after(async () => {
  if (typeof engine === 'string') return;
  try {
    docker(engine, ['rmi', '-f', BASE]);
  } catch {
    // already gone
  }
  await engine.stop();
});


function build(dir: string, args: string[]): string {
  if (typeof engine === 'string') throw new Error(engine);
  const r = spawnSync(DOCKER_CLI, ['build', '--network', 'none', '--progress=plain', ...args, dir], { env: { ...process.env, ...engine.env, DOCKER_BUILDKIT: '1' }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`docker build failed: ${r.stderr}`);
  return `${r.stdout}${r.stderr}`;
}

test('a real build is timed; the next plan estimates the edited step and the rebuild', () => {
  if (typeof engine === 'string') throw new Error(engine);
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-timings-real-'));
  const cache = mkdtempSync(path.join(tmpdir(), 'lp-timings-real-cache-'));
  const dockerfile = `FROM ${BASE}\nARG NAP=1\nENV GREETING=hi\nWORKDIR /\nRUN sleep $NAP && echo $GREETING > /g\nCOPY a.txt /a.txt\nRUN echo done\n`;
  writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
  writeFileSync(path.join(dir, 'a.txt'), 'one\n');
  writeFileSync(path.join(dir, '.dockerignore'), 'nothing-to-ignore\n');
  const env = { ...engine.env, LAYERPLAN_CACHE_DIR: cache };
  const log = build(dir, ['--build-arg', 'NAP=1', '--no-cache']);
  const timed = spawnSync(process.execPath, [bin, 'timings', dir, '--build-arg', 'NAP=1', '--json'], { input: log, encoding: 'utf8', env: { ...process.env, ...env } });
  assert.is(timed.status, 0, timed.stderr);
  const out = JSON.parse(timed.stdout) as { recorded: { line: number; seconds: number }[]; unmatched: unknown[] };
  assert.equal(out.unmatched, []);
  assert.equal(out.recorded.map((s) => s.line), [1, 5, 6, 7]);
  const sleep = out.recorded.find((s) => s.line === 5)?.seconds ?? 0;
  assert.ok(sleep >= 1 && sleep < 30, `RUN sleep 1 took ${sleep}s`);

  // Built again, every step is cached; BuildKit may still print the FROM of a local image as DONE 0.0s.
  const again = spawnSync(process.execPath, [bin, 'timings', dir, '--build-arg', 'NAP=1', '--json'], { input: build(dir, ['--build-arg', 'NAP=1']), encoding: 'utf8', env: { ...process.env, ...env } });
  assert.is(again.status, 0, again.stderr);
  const second = JSON.parse(again.stdout) as { recorded: { line: number }[]; cached: number };
  assert.equal(second.recorded.filter((s) => s.line !== 1), []);
  assert.is(second.cached + second.recorded.length, 4);

  writeFileSync(path.join(dir, 'Dockerfile'), dockerfile.replace('ENV GREETING=hi', 'ENV GREETING=hello'));
  const plan = JSON.parse(layerplan(['build', dir, '--dry-run', '--json', '--build-arg', 'NAP=1'], { env }).stdout) as { summary: { rebuilt: number; cost?: { seconds: number; known: number; unknown: number } }; steps: { line: number; status: string; estimatedSeconds?: number }[] };
  // timings recorded the finished build as a run: the ENV edit rebuilds from the first RUN after it, as BuildKit would.
  assert.equal(plan.steps.filter((s) => s.status === 'rebuilt').map((s) => s.line), [5, 6, 7]);
  assert.is(plan.steps.find((s) => s.line === 5)?.estimatedSeconds, sleep);
  assert.equal(plan.summary.cost?.known, 3);
  assert.ok((plan.summary.cost?.seconds ?? 0) >= sleep);
  assert.not.match(build(dir, ['--build-arg', 'NAP=1']).split('RUN sleep')[1] ?? '', /^[^\n]*\n#\d+ CACHED/, 'BuildKit reruns the RUN too');
});

s.run();
