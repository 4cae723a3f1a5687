import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readDockerArchive } from '../../src/image/read-docker-archive.js';
import { readImage } from '../../src/image/read-image.js';
import { buildImageReport } from '../../src/image/report.js';
import { chunked, makeTar } from './_helpers/make-tar.js';
import { errorOf } from './_helpers/error-of.js';

const test = suite('image/read-image');
const fixtures = path.resolve('test/fixtures/images');
const options = { env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' }, cwd: process.cwd(), platform: 'linux/amd64' };

async function reportOf(name: string) {
  return buildImageReport(await readImage(path.join(fixtures, name), options));
}

/** The fixture image overwrites data/big.txt (3100 B) and deletes data/junk.bin and data/cache/{a,b}. */
function assertFixtureImage(r: Awaited<ReturnType<typeof reportOf>>): void {
  assert.equal(r.wasted.map((w) => [w.path, w.wastedBytes]), [['data/big.txt', 3100], ['data/junk.bin', 2000], ['data/cache/a', 700], ['data/cache/b', 300]]);
  assert.is(r.summary.wastedBytes, 6100);
  const deleting = r.layers.find((l) => l.counts.deleted > 0)!;
  assert.equal(deleting.changes.filter((c) => c.kind === 'deleted').map((c) => [c.path, c.size]), [['data/cache', 1000], ['data/junk.bin', 2000]]);
  assert.ok(r.layers.some((l) => l.changes.some((c) => c.path === 'data/big.txt' && c.kind === 'modified')));
  assert.equal(r.history.filter((h) => h.emptyLayer).map((h) => h.instruction).slice(0, 1), ['ENV GREETING=hello']);
  assert.equal(r.warnings, []);
}

test('docker save of a BuildKit build (legacy layout)', async () => {
  const r = await reportOf('docker-save-buildkit.tar');
  assertFixtureImage(r);
  assert.is(r.image.source.kind, 'docker-archive');
  assert.equal(r.image.repoTags, ['lpimg-fixture:buildkit']);
  assert.is(r.summary.layerCount, 6);
  assert.equal(r.history.map((h) => h.layer ?? '-'), [0, 1, 2, 3, '-', 4, 5, '-']);
  assert.ok(r.layers.every((l) => l.compression === 'none' && l.digest === l.diffId));
});

test('docker save of a classic-builder build, gzipped as a whole', async () => {
  const gz = gzipSync(await readFile(path.join(fixtures, 'docker-save-legacy.tar')));
  const image = await readDockerArchive(chunked(gz, 4096), { location: 'legacy.tar.gz', platform: 'linux/amd64' });
  assertFixtureImage(buildImageReport(image));
});

test('OCI layout directory from buildah (gzip layers)', async () => {
  const r = await reportOf('oci-layout-buildah');
  assertFixtureImage(r);
  assert.is(r.image.source.kind, 'oci-layout');
  assert.ok(r.layers.every((l) => l.compression === 'gzip' && l.storedSize < l.size));
});

test('tarred OCI layout with zstd layers, and Docker 25 style save with manifest.json', async () => {
  const zstd = await reportOf('oci-archive-zstd.tar');
  assertFixtureImage(zstd);
  assert.ok(zstd.layers.every((l) => l.compression === 'zstd'));
  const d25 = await reportOf('oci-archive-docker25.tar');
  assertFixtureImage(d25);
  assert.equal(d25.image.repoTags, ['lpimg-fixture:docker25']);
  assert.equal(zstd.layers.map((l) => l.diffId), d25.layers.map((l) => l.diffId));
});

test('a truncated tarball is a clear E_TRUNCATED error', async () => {
  const whole = await readFile(path.join(fixtures, 'docker-save-buildkit.tar'));
  const err = await errorOf(readDockerArchive(chunked(whole.subarray(0, 20000), 4096), { location: 'cut.tar', platform: 'linux/amd64' }));
  assert.is(err.code, 'E_TRUNCATED');
  assert.match(err.message, /cut\.tar is truncated/);
});

test('a tarball that is not an image, and a file that is not a tarball', async () => {
  const notImage = await errorOf(readDockerArchive(chunked(makeTar([{ name: 'README', body: 'hi' }])), { location: 'x.tar', platform: 'linux/amd64' }));
  assert.is(notImage.code, 'E_NOT_IMAGE');
  assert.match(notImage.message, /neither manifest\.json/);
  const notTar = await errorOf(readDockerArchive(chunked(Buffer.from('hello '.repeat(200))), { location: 'y.txt', platform: 'linux/amd64' }));
  assert.is(notTar.code, 'E_NOT_TAR');
});

/** A one-layer docker-save archive around the given layer tar. */
function archiveWithLayer(layer: Buffer, layerName = 'l1/layer.tar', omitLayer = false): Buffer {
  const diffId = `sha256:${createHash('sha256').update(layer).digest('hex')}`;
  const config = JSON.stringify({ rootfs: { type: 'layers', diff_ids: [diffId] }, history: [{ created_by: 'COPY x / # buildkit' }] });
  return makeTar([
    ...(omitLayer ? [] : [{ name: layerName, body: layer }]),
    { name: 'c.json', body: config },
    { name: 'manifest.json', body: JSON.stringify([{ Config: 'c.json', RepoTags: ['t:1'], Layers: [layerName] }]) },
  ]);
}


test('a layer with a path escaping its root is refused', async () => {
  const evil = makeTar([{ name: 'ok', body: '1' }, { name: 'a/../../etc/passwd', body: 'x' }]);
  const err = await errorOf(readDockerArchive(chunked(archiveWithLayer(evil)), { location: 'evil.tar', platform: 'linux/amd64' }));
  assert.is(err.code, 'E_PATH_ESCAPE');
  assert.match(err.message, /"a\/\.\.\/\.\.\/etc\/passwd" whose path escapes the image root/);
});

test('a hand-made archive reads; a missing layer is E_MISSING_BLOB', async () => {
  const layer = makeTar([{ name: 'x', body: 'data' }]);
  const ok = await readDockerArchive(chunked(archiveWithLayer(layer)), { location: 'ok.tar', platform: 'linux/amd64' });
  assert.equal(ok.layers[0]!.entries, [{ path: 'x', type: 'file', size: 4 }]);
  const err = await errorOf(readDockerArchive(chunked(archiveWithLayer(layer, 'l1/layer.tar', true)), { location: 'gone.tar', platform: 'linux/amd64' }));
  assert.is(err.code, 'E_MISSING_BLOB');
  assert.match(err.message, /layer 1 \(l1\/layer\.tar\) is missing/);
});

test('an OCI layout directory with a missing blob, and one with a damaged blob', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'lp-oci-'));
  try {
    await cp(path.join(fixtures, 'oci-layout-buildah'), dir, { recursive: true });
    const r = await readImage(dir, options);
    const victim = path.join(dir, 'blobs', r.layers[2]!.digest.replace(':', '/'));
    await writeFile(victim, gzipSync(Buffer.alloc(1024)));
    assert.is((await errorOf(readImage(dir, options))).code, 'E_DIGEST_MISMATCH');
    await rm(victim);
    const err = await errorOf(readImage(dir, options));
    assert.is(err.code, 'E_MISSING_BLOB');
    assert.match(err.message, new RegExp(`layer 3 \\(${r.layers[2]!.digest}\\) is missing`));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a name that is neither a path nor reachable in an engine says so', async () => {
  const err = await errorOf(readImage('no-such-image:latest', options));
  assert.is(err.code, 'E_NOT_FOUND');
  assert.match(err.message, /not a file or directory, and no Docker Engine at unix:\/\/\/nonexistent/);
});

test('a gzipped docker save cut inside its 8-byte trailer is truncated, not complete', async () => {
  const gz = gzipSync(await readFile(path.join(fixtures, 'docker-save-legacy.tar')));
  for (const cut of [1, 4, 8]) {
    const err = await errorOf(readDockerArchive(chunked(gz.subarray(0, gz.length - cut), 4096), { location: 'cut.tar.gz', platform: 'linux/amd64' }));
    assert.is(err.code, 'E_TRUNCATED', `cut ${cut}`);
    assert.match(err.message, 'cut.tar.gz');
  }
});

test('a manifest path escaping the archive is reported with the archive name', async () => {
  const tar = makeTar([{ name: 'manifest.json', body: JSON.stringify([{ Config: '../../etc/passwd', RepoTags: [], Layers: [] }]) }]);
  const err = await errorOf(readDockerArchive(chunked(tar), { location: 'evil.tar', platform: 'linux/amd64' }));
  assert.is(err.code, 'E_PATH_ESCAPE');
  assert.match(err.message, 'evil.tar: manifest.json names "../../etc/passwd"');
});

test.run();
