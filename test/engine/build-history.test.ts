import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { latestBuildOf, localBuildRefs, parseHistoryInspect, parseLocalRef, readEngineBuild, type RunDocker } from '../../src/engine/index.js';
import { parseBuildkitLog } from '../../src/timings/parse-buildkit-log.js';

// Recorded from Docker 28.5 / buildx 0.29 (see the fixture's README).
const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.resolve(here, '../../../test/fixtures/buildx-history');
const first = 'ynd7yi34x73xcj2lawlqkv02q';
const edited = 'p7utswsjy929oj0vf84pd4g4e';
const targeted = 'nd5o8oeuy9zfibw7jiqh6xd5j';
const read = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');

test('buildx notes where each build ran from; the newest of a context and Dockerfile is found without the engine', () => {
  const config = mkdtempSync(path.join(os.tmpdir(), 'lp-buildx-'));
  try {
    cpSync(path.join(fixtures, 'refs'), path.join(config, 'buildx', 'refs'), { recursive: true });
    const dir = path.join(config, 'buildx', 'refs', 'default', 'default');
    [first, edited, targeted].forEach((id, i) => utimesSync(path.join(dir, id), 1000 + i, 1000 + i));
    const refs = localBuildRefs({ DOCKER_CONFIG: config });
    assert.equal(refs.map((r) => r.ref), [targeted, edited, first].map((id) => `default/default/${id}`));
    assert.is(latestBuildOf(refs, '/tmp/me/p1', '/tmp/me/p1/Dockerfile')?.ref, `default/default/${edited}`);
    assert.is(latestBuildOf(refs, '/tmp/me/p1', '/tmp/me/p1/Dockerfile.x')?.ref, `default/default/${targeted}`);
    assert.is(latestBuildOf(refs, '/tmp/me/other', '/tmp/me/other/Dockerfile'), null);
    assert.equal(localBuildRefs({ DOCKER_CONFIG: path.join(config, 'none') }), []);
  } finally {
    rmSync(config, { recursive: true, force: true });
  }
});

test('a note without a local path (a bake group, a remote context) is not a build of any folder', () => {
  assert.is(parseLocalRef('r', '{"Target":"default","LocalPath":"","DockerfilePath":""}', 0), null);
  assert.is(parseLocalRef('r', 'not json', 0), null);
  assert.equal(parseLocalRef('r', '{"LocalPath":"/c","DockerfilePath":"-"}', 5), { ref: 'r', contextDir: '/c', dockerfile: null, writtenMs: 5 });
});

test('inspect: target, build args, status, network and base image digests', () => {
  const b = parseHistoryInspect(targeted, read(`inspect-${targeted}.json`));
  assert.equal({ target: b.target, args: [...b.buildArgs], status: b.status, network: b.network }, { target: 'a', args: [['FOO', 'bar']], status: 'completed', network: 'none' });
  assert.equal(b.materials, [{ uri: 'pkg:docker/busybox@local?platform=linux%2Famd64', digest: 'sha256:1b39a559d0adb7c2a3d095c49a27f1d23b936fb7f7260ce29c8865964de12370' }]);
  assert.is(b.startedAt, '2026-12-01T10:31:25.296237201Z');
  assert.throws(() => parseHistoryInspect('x', 'oops'), /did not answer JSON/);
});

test('readEngineBuild asks the CLI for inspect and logs; the log says which steps hit', async () => {
  const calls: string[] = [];
  const run: RunDocker = async (args) => {
    calls.push(args.join(' '));
    return args[2] === 'inspect' ? { code: 0, stdout: read(`inspect-${edited}.json`), stderr: '' } : { code: 0, stdout: read(`logs-${edited}.txt`), stderr: '' };
  };
  const { build, log } = await readEngineBuild(`default/default/${edited}`, {}, run);
  assert.equal(calls.sort(), [`buildx history inspect ${edited} --format json`, `buildx history logs ${edited}`]);
  assert.is(build.status, 'completed');
  const vertices = parseBuildkitLog(log).vertices;
  assert.equal(vertices.map((v) => [v.index, v.outcome?.kind]), [[1, 'cached'], [2, 'done'], [3, 'done']]);
});

test('a CLI without history (old buildx) fails with what it said', async () => {
  const run: RunDocker = async () => ({ code: 1, stdout: '', stderr: 'unknown command "history" for "docker buildx"\n' });
  try {
    await readEngineBuild('a/b/c', {}, run);
    assert.unreachable('should fail');
  } catch (err) {
    assert.match(String(err), /docker buildx history inspect c failed: unknown command "history"/);
  }
});

test.run();
