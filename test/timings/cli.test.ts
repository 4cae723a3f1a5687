import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bin, layerplan } from '../_helpers/cli.js';
import { fixture, fixturesDir } from './fixtures.js';

const t = suite('timings/cli');
const ENV = { LAYERPLAN_NO_ENGINE: '1' };

function project(name: string): { dir: string; cache: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'lp-timings-cli-'));
  const dir = path.join(root, name);
  cpSync(path.join(fixturesDir, name), dir, { recursive: true });
  return { dir, cache: path.join(root, 'cache') };
}

function piped(args: string[], input: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: 'true', ...ENV } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

t('a real log piped in is recorded; the next plan says what a rebuild costs', () => {
  const { dir, cache } = project('multi-stage');
  const r = piped(['timings', dir, '--cache-dir', cache], fixture('multi-stage/first-build.log'));
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /6 ran, 0 cached/);
  assert.match(r.stdout, /2\.1s\s+11  RUN sleep 2/);
  assert.match(r.stdout, new RegExp(`recorded 6 step durations in ${path.join(cache, 'timings.json').replace(/[.]/g, '\\.')}`));
  writeFileSync(path.join(dir, 'Dockerfile'), fixture('multi-stage/Dockerfile').replace('RUN sleep 2', 'RUN sleep 3'));
  const plan = layerplan(['build', dir, '--dry-run', '--no-tui', '--cache-dir', cache], { env: ENV });
  // The log's build was recorded as a run, so only the edited step is rebuilt: it took 2.1 s last time.
  assert.match(plan.stdout, /\nrebuild ≈ 2\.1s \(from recorded build timings\)\n/);
  const json = JSON.parse(layerplan(['build', dir, '--dry-run', '--json', '--cache-dir', cache], { env: ENV }).stdout) as { summary: { cost: object }; steps: { line: number; estimatedSeconds?: number }[] };
  assert.equal(json.summary.cost, { seconds: 2.1, known: 1, unknown: 0 });
  assert.is(json.steps.find((s) => s.line === 11)?.estimatedSeconds, 2.1);
});

t('a finished build is recorded as a run: its layers are hits for the next plan; a failed one is not', () => {
  const { dir, cache } = project('multi-stage');
  const r = piped(['timings', dir, '--cache-dir', cache], fixture('multi-stage/first-build.log'));
  assert.match(r.stderr, /recorded the build as a run/);
  const plan = JSON.parse(layerplan(['build', dir, '--dry-run', '--json', '--cache-dir', cache], { env: ENV }).stdout) as { summary: { rebuilt: number; cached: number } };
  assert.is(plan.summary.rebuilt, 0);
  const one = project('one-stage');
  const failed = layerplan(['timings', one.dir, '--log', path.join(one.dir, 'failed-build-arg-v7.log'), '--build-arg', 'V=7', '--cache-dir', one.cache], { env: ENV });
  assert.match(failed.stderr, /did not finish/);
  const after = JSON.parse(layerplan(['build', one.dir, '--dry-run', '--json', '--build-arg', 'V=7', '--cache-dir', one.cache], { env: ENV }).stdout) as { summary: { cached: number } };
  assert.is(after.summary.cached, 0);
});

t('--log and --json: what was recorded, cached and failed, as data', () => {
  const { dir, cache } = project('one-stage');
  const r = layerplan(['timings', dir, '--log', path.join(dir, 'failed-build-arg-v7.log'), '--build-arg', 'V=7', '--cache-dir', cache, '--json'], { env: ENV });
  assert.is(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { recorded: { line: number; seconds: number }[]; cached: number; unfinished: number; unmatched: unknown[] };
  assert.equal(out.recorded.map((s) => [s.line, s.seconds]), [[4, 1.1], [5, 0]]);
  assert.equal([out.cached, out.unfinished, out.unmatched.length], [1, 1, 0]);
});

t('a buildah log, a log without BuildKit steps and a log of another Dockerfile are errors that say what to do', () => {
  const { dir, cache } = project('one-stage');
  const buildah = piped(['timings', dir, '--cache-dir', cache], fixture('one-stage/buildah.log'));
  assert.is(buildah.status, 3);
  assert.match(buildah.stderr, /buildah output: buildah 1\.28 prints no per-step durations/);
  const empty = piped(['timings', dir, '--cache-dir', cache], 'Sending build context to Docker daemon\nStep 1/3 : FROM x\n');
  assert.is(empty.status, 3);
  assert.match(empty.stderr, /--progress=plain/);
  const other = piped(['timings', dir, '--cache-dir', cache], fixture('multi-stage/first-build.log'));
  assert.is(other.status, 3);
  assert.match(other.stderr, /none of the \d+ steps .* match .*Dockerfile: pass the Dockerfile \(-f\), --target and --build-arg/);
  const missing = layerplan(['timings', dir, '--log', path.join(dir, 'nope.log')], { env: ENV });
  assert.is(missing.status, 3);
  assert.match(missing.stderr, /cannot read the build log .*nope\.log: ENOENT/);
});

t('help shows the pipeline; the top-level help lists the command', () => {
  assert.match(layerplan(['timings', '--help']).stdout, /DOCKER_BUILDKIT=1 docker build --progress=plain \. 2>&1 \| tee build\.log \| layerplan timings \./);
  assert.match(layerplan(['--help']).stdout, /\n {2}timings +Record how long each step/);
});

t.run();
