/**
 * `layerplan build --exec` against real builders (npm run test:conformance):
 * Docker Engine 28.5 at /tmp/d28 (../shared/builders/setup-docker.sh) and
 * buildah 1.43 (../shared/builders/setup-buildah.sh). Every build carries a
 * fresh marker, since BuildKit's cache is shared with other builds. Skips,
 * saying why, where a builder does not run.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { layerplan, repoRoot } from '../_helpers/cli.js';
import { engineAvailable } from '../../src/engine/index.js';
import { parseBuildkitLog } from '../../src/timings/parse-buildkit-log.js';

const test = suite('conformance/exec-real');
const D28 = { DOCKER_HOST: 'unix:///tmp/d28/docker.sock', DOCKER_CONFIG: '/tmp/d28/cfg', LAYERPLAN_DOCKER: '/tmp/d28/bin/docker' };
/** shared/ sits beside the main checkout; a worktree is one level deeper. */
const BUILDAH = [path.join(repoRoot, '..', 'shared'), path.join(repoRoot, '..', '..', 'shared')].map((d) => path.join(d, 'builders', 'buildah')).find((f) => existsSync(f)) ?? '../shared/builders/buildah';
let docker: string | null = 'not checked';

test.before(async () => {
  if (!existsSync(D28.LAYERPLAN_DOCKER)) docker = `${D28.LAYERPLAN_DOCKER} is absent (run ../shared/builders/setup-docker.sh)`;
  else if (!(await engineAvailable({ DOCKER_HOST: D28.DOCKER_HOST }))) docker = `no Docker Engine answers at ${D28.DOCKER_HOST} (run ../shared/builders/setup-docker.sh)`;
  else docker = null;
});

interface ExecJson {
  steps: { line: number; stage: string; status: string; actual: string | null; failed?: boolean; seconds: number | null }[];
  summary: { predicted: number; predictedRight: number };
  exec: { exitStatus: number; log: string; unmatched: string[]; version: string };
}

function project(files: Record<string, string>): { dir: string; cache: string; marker: string } {
  const root = mkdtempSync('/tmp/lp-exec-'); // buildah's wrapper sees only /tmp
  const dir = path.join(root, 'ctx');
  const marker = randomBytes(8).toString('hex');
  for (const [p, c] of Object.entries({ ...files, marker: `${marker}\n` })) {
    const f = path.join(dir, p);
    mkdirSync(path.dirname(f), { recursive: true });
    writeFileSync(f, c.replaceAll('MARKER', marker));
  }
  return { dir, cache: path.join(root, 'store'), marker };
}

function exec(dir: string, cache: string, extra: string[] = [], passthrough: string[] = ['--network', 'none'], env: Record<string, string> = D28): { json: ExecJson; status: number | null; stderr: string } {
  const r = layerplan(['build', dir, '--exec', '--json', '--cache-dir', cache, ...extra, '--', ...passthrough], { env });
  let json: ExecJson;
  try {
    json = JSON.parse(r.stdout) as ExecJson;
  } catch {
    throw new Error(`no JSON (exit ${r.status}): ${r.stderr}`);
  }
  return { json, status: r.status, stderr: r.stderr };
}

/** line → cached/rebuilt as the builder's own plain log says it (`#N CACHED`), from the log kept beside the record. */
function builderSaid(json: ExecJson, dockerfile: string): Map<string, string> {
  const lines = readFileSync(dockerfile, 'utf8').split('\n');
  const said = new Map<string, string>();
  for (const v of parseBuildkitLog(readFileSync(json.exec.log, 'utf8')).vertices) {
    if (v.index === 1 || !v.outcome) continue;
    const line = lines.findIndex((l) => l.trim().replace(/\s+/g, ' ').endsWith(v.text.replace(/\s+/g, ' ').slice(-20))) + 1;
    said.set(`${v.stage}:${line}`, v.outcome.kind === 'cached' ? 'cached' : 'rebuilt');
  }
  return said;
}

const skip = (name: string, why: string | null): boolean => {
  if (why === null) return false;
  console.log(`SKIPPED: conformance/exec-real ${name}: ${why}`);
  return true;
};

test('two --exec runs with an edit between: actual is what BuildKit printed, and the second prediction is all right', () => {
  if (skip('docker', docker)) return;
  const { dir, cache } = project({ Dockerfile: 'FROM busybox:local\nARG V=1\nCOPY marker /m\nRUN echo MARKER-$V > /b\nCOPY a.txt /a.txt\nRUN cat /a.txt\n', 'a.txt': 'a\n' });
  const first = exec(dir, cache, [], ['--network', 'none', '--progress=plain']);
  assert.is(first.status, 0, first.stderr);
  assert.ok(first.json.steps.filter((s) => s.line > 2).every((s) => s.actual === 'rebuilt'), JSON.stringify(first.json.steps));
  writeFileSync(path.join(dir, 'a.txt'), 'b\n');
  const second = exec(dir, cache, [], ['--network', 'none', '--progress=plain']);
  const said = builderSaid(second.json, path.join(dir, 'Dockerfile'));
  assert.ok(said.size >= 4, [...said].join(' '));
  for (const s of second.json.steps) if (said.has(`:${s.line}`)) assert.is(s.actual, said.get(`:${s.line}`), `line ${s.line}`);
  assert.equal(second.json.steps.filter((s) => s.line > 2).map((s) => s.actual), ['cached', 'cached', 'rebuilt', 'rebuilt']);
  assert.is(second.json.summary.predictedRight, second.json.summary.predicted);
  assert.is(second.json.summary.predicted, 4);
  const explained = JSON.parse(layerplan(['explain', dir, '--json', '--cache-dir', cache]).stdout) as { steps: { line: number; reason: { kind: string; modified?: string[] } | null }[] };
  assert.equal(explained.steps.find((s) => s.line === 5)?.reason, { kind: 'files-changed', added: [], removed: [], modified: ['a.txt'] });
  assert.is(explained.steps.find((s) => s.line === 6)?.reason?.kind, 'parent-rebuilt');
  // the rawjson stream (the default) gives the same answer
  const third = exec(dir, cache);
  assert.ok(third.json.steps.filter((s) => s.line > 2).every((s) => s.actual === 'cached'));
  assert.is(third.json.summary.predictedRight, 4);
});

test('a plain plan after an --exec build is compared with that build; --exit-code gives 10 only when a step was rebuilt', () => {
  if (skip('docker', docker)) return;
  const { dir, cache, marker } = project({ Dockerfile: 'FROM busybox:local\nCOPY marker /m\nRUN cat /m\n' });
  assert.is(exec(dir, cache).status, 0);
  const plain = layerplan(['build', dir, '--cache-dir', cache], { env: D28 });
  assert.match(plain.stdout, /^compared with the real build of \d{4}-\d\d-\d\d \d\d:\d\d UTC \(3 steps\)$/m, plain.stdout);
  assert.match(plain.stdout, /3 cached, 0 rebuilt/);
  assert.is(layerplan(['build', dir, '--exec', '--exit-code', '--cache-dir', cache, '--', '--network', 'none'], { env: D28 }).status, 0);
  writeFileSync(path.join(dir, 'marker'), `${marker} edited\n`); // unique: BuildKit's cache is shared
  const r = layerplan(['build', dir, '--exec', '--exit-code', '--cache-dir', cache, '--', '--network', 'none'], { env: D28 });
  assert.is(r.status, 10, r.stderr);
  assert.match(r.stdout, /predicted 2 of 2 steps right/);
});

test('a build failing half-way: the builder\'s exit status, the failed step marked, what ran before it recorded', () => {
  if (skip('docker', docker)) return;
  const { dir, cache } = project({ Dockerfile: 'FROM busybox:local\nCOPY marker /m\nRUN echo MARKER\nRUN echo MARKER && exit 3\nRUN echo never\n' });
  const r = exec(dir, cache);
  assert.is(r.status, 1, 'docker exits 1 on a failed build');
  assert.is(r.json.exec.exitStatus, 1);
  assert.equal(r.json.steps.map((s) => [s.line, s.actual, s.failed ?? false]), [[1, null, false], [2, 'rebuilt', false], [3, 'rebuilt', false], [4, null, true], [5, null, false]]);
  const after = JSON.parse(layerplan(['build', dir, '--json', '--cache-dir', cache], { env: D28 }).stdout) as ExecJson;
  assert.equal(after.steps.map((s) => s.status), ['cached', 'cached', 'cached', 'rebuilt', 'rebuilt']);
});

test('multi-stage with --target, and identical steps two stages share', () => {
  if (skip('docker', docker)) return;
  const { dir, cache } = project({
    Dockerfile: 'FROM busybox:local AS one\nCOPY marker /m\nRUN echo MARKER > /same\nFROM busybox:local AS two\nCOPY marker /m\nRUN echo MARKER > /same\nFROM busybox:local AS build\nCOPY --from=one /same /one\nCOPY --from=two /same /two\nRUN cat /one /two\nFROM busybox:local\nCOPY --from=build /one /final\n',
  });
  const target = exec(dir, cache, ['--target', 'build']);
  assert.is(target.status, 0, target.stderr);
  assert.ok(target.json.steps.filter((s) => s.line >= 11).every((s) => s.status === 'skipped' && s.actual === null));
  const merged = target.json.steps.filter((s) => [2, 3, 5, 6].includes(s.line));
  assert.ok(merged.every((s) => s.actual === 'rebuilt'), `one vertex gives both stages their outcome: ${JSON.stringify(merged)}`);
  assert.equal(target.json.exec.unmatched, []);
  const all = exec(dir, cache);
  assert.equal(all.json.steps.filter((s) => s.line < 11 && s.actual).map((s) => s.actual), Array(7).fill('cached'));
  assert.is(all.json.steps.find((s) => s.line === 12)?.actual, 'rebuilt');
  assert.is(all.json.summary.predictedRight, all.json.summary.predicted);
});

test('buildah: two --exec runs with an edit between', () => {
  const why = existsSync(BUILDAH) && existsSync('/tmp/bah/root/usr/bin/buildah') ? null : 'buildah 1.43 is not set up (run ../shared/builders/setup-buildah.sh)';
  if (skip('buildah', why)) return;
  const { dir, cache } = project({ Dockerfile: 'FROM busybox:local\nCOPY marker /m\nARG V=1\nCOPY a.txt /a\nRUN cat /a\n', 'a.txt': 'a\n' });
  const env = { LAYERPLAN_BUILDAH: BUILDAH, STORAGE_DRIVER: 'vfs', BUILDAH_ISOLATION: 'chroot' };
  const first = exec(dir, cache, ['--builder', 'buildah'], [], env);
  assert.is(first.status, 0, first.stderr);
  assert.ok(first.json.steps.filter((s) => s.line > 1).every((s) => s.actual === 'rebuilt'), JSON.stringify(first.json.steps));
  writeFileSync(path.join(dir, 'a.txt'), 'b\n');
  const second = exec(dir, cache, ['--builder', 'buildah'], [], env);
  assert.equal(second.json.steps.map((s) => s.actual), [null, 'cached', 'cached', 'rebuilt', 'rebuilt']);
  assert.is(second.json.summary.predictedRight, 4);
  assert.match(second.json.exec.version, /^buildah 1\.43/);
});

test.run();
