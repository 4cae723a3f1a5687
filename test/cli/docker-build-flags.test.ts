import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { layerplan } from '../_helpers/cli.js';

const t = suite('cli/docker-build-flags');

interface Step { line: number; status: string; certain: boolean; reason: { kind: string; [k: string]: unknown } | null; builtOnce?: number[] }
interface Json { steps: Step[]; summary: { rebuilt: number; cached: number }; builderModel: string; platforms?: { platform: string; steps: Step[] }[] }

function project(dockerfile: string, files: Record<string, string> = {}): { dir: string; cache: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'lp-flags-'));
  const dir = path.join(root, 'app');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
  for (const [f, c] of Object.entries({ 'package.json': '{}\n', ...files })) writeFileSync(path.join(dir, f), c);
  mkdirSync(path.join(root, 'other'));
  return { dir, cache: path.join(root, 'cache') };
}

function plan(dir: string, cache: string, ...extra: string[]): Json {
  const r = layerplan(['build', dir, '--json', '--cache-dir', cache, '--assume-built', ...extra], { env: { LAYERPLAN_NO_ENGINE: '1' } });
  assert.is(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Json;
}
const at = (p: Json, line: number): Step | undefined => p.steps.filter((s) => s.line === line).pop();

const SIMPLE = 'FROM busybox:local AS x\nCOPY package.json /p\nRUN cat /p > /o\n';

t('a docker build command line from a script plans as it is (exit 0)', () => {
  const { dir, cache } = project(SIMPLE);
  const r = layerplan(['build', dir, '--platform', 'linux/amd64', '--network', 'none', '--no-cache-filter', 'x', '--build-context', 'extra=../other', '--secret', 'id=t,src=f', '--ssh', 'default', '-t', 'app', '--pull', '--json', '--cache-dir', cache], { cwd: dir, env: { LAYERPLAN_NO_ENGINE: '1' } });
  assert.is(r.status, 0, r.stderr);
  const p = JSON.parse(r.stdout) as Json;
  assert.is(at(p, 2)?.status, 'rebuilt');
});

t('--no-cache rebuilds every step, reason no-cache; --no-cache-filter only the named stage', () => {
  const { dir, cache } = project(`${SIMPLE}FROM busybox:local\nCOPY --from=x /o /q\n`);
  plan(dir, cache);
  const all = plan(dir, cache, '--no-cache');
  assert.equal([2, 3, 5].map((l) => at(all, l)?.reason), [{ kind: 'no-cache', stage: null }, { kind: 'no-cache', stage: null }, { kind: 'no-cache', stage: null }]);
  const one = plan(dir, cache, '--no-cache-filter', 'x', '--target', 'x');
  assert.equal([at(one, 2)?.reason, at(one, 3)?.reason], [{ kind: 'no-cache', stage: 'x' }, { kind: 'no-cache', stage: 'x' }]);
  assert.is(at(plan(dir, cache), 5)?.status, 'cached');
  const filtered = plan(dir, cache, '--no-cache-filter', 'x');
  assert.equal([at(filtered, 3)?.reason?.kind, at(filtered, 5)?.status, at(filtered, 5)?.certain], ['no-cache', 'rebuilt', false], 'a COPY --from of a stage built without the cache hits only on identical output');
});

t('--build-context NAME=PATH is keyed: COPY --from=NAME reads that folder, its edits name the context, another folder with the same bytes keeps the cache', () => {
  const { dir, cache } = project('FROM busybox:local\nCOPY package.json /p\nCOPY --from=extra b.txt /b\nRUN cat /p /b\n');
  const other = path.join(dir, '..', 'other');
  writeFileSync(path.join(other, 'b.txt'), 'b\n');
  plan(dir, cache, '--build-context', `extra=${other}`);
  writeFileSync(path.join(other, 'b.txt'), 'b2\n');
  const edited = plan(dir, cache, '--build-context', `extra=${other}`);
  assert.equal([at(edited, 2)?.status, at(edited, 3)?.reason], ['cached', { kind: 'files-changed', added: [], removed: [], modified: ['b.txt'], context: 'extra' }]);
  mkdirSync(path.join(dir, '..', 'other2'));
  writeFileSync(path.join(dir, '..', 'other2', 'b.txt'), 'b2\n');
  assert.is(at(plan(dir, cache, '--build-context', `extra=${path.join(dir, '..', 'other2')}`), 3)?.status, 'cached', 'recorded: build-context-dir');
});

t('--build-context NAME=docker-image://REF is FROM NAME\'s image, even over a stage of that name', () => {
  const { dir, cache } = project('FROM busybox:local AS base\nRUN echo b > /b\nFROM base\nCOPY package.json /p\n');
  const p = plan(dir, cache, '--build-context', 'base=docker-image://busybox:local');
  assert.is(p.steps.find((s) => s.line === 3)?.status, 'rebuilt');
  assert.equal(p.steps.filter((s) => s.line === 2).map((s) => s.status), ['skipped'], 'stage base is not needed: the named context replaces it');
  const r = layerplan(['build', dir, '--build-context', 'nope=../missing-folder', '--cache-dir', cache], { cwd: dir, env: { LAYERPLAN_NO_ENGINE: '1' } });
  assert.is(r.status, 3);
  assert.match(r.stderr, /--build-context nope=\.\.\/missing-folder: .* is not a folder/);
});

t('what BuildKit\'s parser refuses is one error line with file:line and BuildKit\'s words, not a plan (exit 3)', () => {
  for (const [line, words] of [['COPY', 'COPY requires at least two arguments'], ['ENV X', 'ENV must have two arguments'], ['WORKDIR', 'WORKDIR requires exactly one argument']] as const) {
    const { dir, cache } = project(`FROM busybox:local\n${line}\nRUN true\n`);
    const r = layerplan(['build', dir, '--json', '--cache-dir', cache], { env: { LAYERPLAN_NO_ENGINE: '1' } });
    assert.is(r.status, 3, line);
    assert.is(r.stdout, '', `${line}: no plan`);
    assert.ok(r.stderr.includes(`Dockerfile:2: ${words}`), `${line}: ${r.stderr}`);
  }
});

t('an unknown flag is one line naming it and the nearest known one (exit 2)', () => {
  const { dir } = project(SIMPLE);
  const r = layerplan(['build', dir, '--plattform', 'linux/amd64']);
  assert.is(r.status, 2);
  assert.match(r.stderr, /unknown option --plattform for layerplan build \(nearest known flag: --platform\)/);
  assert.is(r.stderr.trim().split('\n').length, 1);
});

t('FROM --platform=$BUILDPLATFORM, ${BUILDPLATFORM} or the host platform written out keep the cache on a native build', () => {
  const { dir, cache } = project(SIMPLE);
  const native = plan(dir, cache, '--platform', 'linux/amd64');
  assert.is(native.summary.rebuilt, 3);
  for (const from of ['--platform=$BUILDPLATFORM ', '--platform=${BUILDPLATFORM} ', '--platform=linux/amd64 ', '--platform=linux/x86_64 ']) {
    writeFileSync(path.join(dir, 'Dockerfile'), SIMPLE.replace('FROM ', `FROM ${from}`));
    assert.is(plan(dir, cache, '--platform', 'linux/amd64').summary.rebuilt, 0, from);
  }
  const arm = plan(dir, cache, '--platform', 'linux/arm64');
  assert.is(arm.summary.rebuilt, 0, 'FROM --platform=linux/x86_64 ignores the target');
  writeFileSync(path.join(dir, 'Dockerfile'), SIMPLE);
  const other = plan(dir, cache, '--platform', 'linux/arm64');
  assert.equal(other.steps[0]?.reason, { kind: 'setting-changed', setting: 'platform', before: 'linux/amd64', after: 'linux/arm64' });
});

t('several --platform values: a plan per platform', () => {
  const { dir, cache } = project(SIMPLE);
  const p = plan(dir, cache, '--platform', 'linux/amd64,linux/arm64', '--dry-run');
  assert.equal(p.platforms?.map((x) => x.platform), ['linux/amd64', 'linux/arm64']);
});

t('RUN --network=none is the same step as a plain RUN in a --network none build, another one in a default build', () => {
  const { dir, cache } = project(SIMPLE);
  plan(dir, cache, '--network', 'none');
  plan(dir, `${cache}-default`);
  writeFileSync(path.join(dir, 'Dockerfile'), SIMPLE.replace('RUN ', 'RUN --network=none '));
  assert.is(at(plan(dir, cache, '--network', 'none'), 3)?.status, 'cached');
  assert.is(at(plan(dir, `${cache}-default`), 3)?.status, 'rebuilt');
});

t('identical steps of two stages are one BuildKit vertex: both rebuilt on a first build, built once', () => {
  const { dir, cache } = project('FROM busybox:local AS a\nCOPY package.json /p\nFROM busybox:local AS b\nCOPY package.json /p\nFROM busybox:local\nCOPY --from=a /p /a\nCOPY --from=b /p /b\n');
  const p = plan(dir, cache);
  assert.equal([at(p, 2)?.status, at(p, 4)?.status], ['rebuilt', 'rebuilt']);
  assert.equal(at(p, 4)?.builtOnce, [2, 4]);
  assert.equal(at(p, 4)?.reason, { kind: 'first-build' });
  const bah = plan(dir, `${cache}-bah`, '--builder', 'buildah');
  assert.is(at(bah, 4)?.status, 'cached', 'buildah builds stages in order: the second is a hit');
  const r = layerplan(['build', dir, '--cache-dir', `${cache}-text`, '--no-tui'], { env: { LAYERPLAN_NO_ENGINE: '1' } });
  assert.match(r.stdout, /built once for lines 2 and 4/);
});

t('a twin rebuilt by a cascade names its own parent, not its twin\'s (a line of another stage); a FROM of a stage is no twin', () => {
  const { dir, cache } = project('FROM busybox:local AS a\nCOPY package.json /p\nRUN cat /p\nFROM busybox:local AS b\nCOPY package.json /p\nRUN cat /p\nFROM a\nCOPY --from=b /p /b\n');
  plan(dir, cache);
  writeFileSync(path.join(dir, 'package.json'), '{"v":2}\n');
  const p = plan(dir, cache);
  assert.equal(at(p, 6)?.builtOnce, [3, 6]);
  assert.equal((at(p, 6)?.reason as { parent?: { line: number } }).parent?.line, 5);
  assert.equal((at(p, 3)?.reason as { parent?: { line: number } }).parent?.line, 2);
  assert.is(at(p, 7)?.builtOnce, undefined);
});

t('-f - reads the Dockerfile from stdin', () => {
  const { dir, cache } = project('FROM busybox:local\n');
  const r = layerplan(['build', dir, '-f', '-', '--json', '--cache-dir', cache], { env: { LAYERPLAN_NO_ENGINE: '1' }, input: SIMPLE });
  assert.is(r.status, 0, r.stderr);
  assert.is((JSON.parse(r.stdout) as Json).steps.length, 3);
});

t('--builder buildah@1.28 and podman are accepted; the model is named in the JSON', () => {
  const { dir, cache } = project(SIMPLE);
  assert.is(plan(dir, cache, '--builder', 'buildah@1.28').builderModel, 'buildah@1.28');
  assert.is(plan(dir, cache, '--builder', 'podman').builderModel, 'buildah@1.43');
  assert.is(layerplan(['build', dir, '--builder', 'buildah@9']).status, 2);
});

t.run();
