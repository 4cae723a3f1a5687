import { createHash } from 'node:crypto';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveOciImage, type LoadJsonBlob } from '../../src/image/oci-manifest.js';
import { readDockerArchive } from '../../src/image/read-docker-archive.js';
import { errorOf } from './_helpers/error-of.js';
import { chunked, makeTar } from './_helpers/make-tar.js';

const test = suite('image/oci-manifest');
const INDEX = 'application/vnd.oci.image.index.v1+json';
const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const opts = { location: 'evil.tar', platform: 'linux/amd64' };
const hex = (s: string): string => createHash('sha256').update(s).digest('hex');

test('an index listing its own digest (a 4 KB tarball) is refused at once', async () => {
  const d = 'a'.repeat(64);
  const self = JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: INDEX, digest: `sha256:${d}` }] });
  const tar = makeTar([{ name: 'index.json', body: self }, { name: `blobs/sha256/${d}`, body: self }]);
  const err = await errorOf(readDockerArchive(chunked(tar, 512), opts));
  assert.is(err.code, 'E_DIGEST_MISMATCH');
  assert.match(err.message, `evil.tar: index sha256:${d}`);
});

test('a cycle is caught even when the loader does not check digests', async () => {
  const d = `sha256:${'b'.repeat(64)}`;
  const load: LoadJsonBlob = async () => ({ manifests: [{ mediaType: INDEX, digest: d }] });
  const err = await errorOf(resolveOciImage({ manifests: [{ mediaType: INDEX, digest: d }] }, load, 'index.json', 'linux/amd64'));
  assert.match(err.message, 'lists itself');
});

test('an index listed 5,000 times passes the fan-out limit and says so', async () => {
  const inner = JSON.stringify({ schemaVersion: 2, manifests: [] });
  const d = `sha256:${hex(inner)}`;
  const index = JSON.stringify({ schemaVersion: 2, manifests: Array.from({ length: 5000 }, () => ({ mediaType: INDEX, digest: d, size: inner.length })) });
  const tar = makeTar([{ name: 'index.json', body: index }, { name: `blobs/sha256/${hex(inner)}`, body: inner }]);
  const err = await errorOf(readDockerArchive(chunked(tar, 4096), opts));
  assert.is(err.code, 'E_LIMIT');
  assert.match(err.message, 'evil.tar: index.json: it lists 5000 manifests, more than 1000');
});

test('an index repeated a few times is read once; one manifest listed per tag is one image', async () => {
  let loads = 0;
  const m = `sha256:${'c'.repeat(64)}`;
  const i = `sha256:${'d'.repeat(64)}`;
  const load: LoadJsonBlob = async (desc) => {
    loads++;
    if (desc.digest === i) return { manifests: [{ mediaType: MANIFEST, digest: m }] };
    return { config: { mediaType: 'x', digest: m }, layers: [] };
  };
  const top = { manifests: [{ mediaType: INDEX, digest: i }, { mediaType: INDEX, digest: i }, { mediaType: MANIFEST, digest: m, annotations: { 'org.opencontainers.image.ref.name': 'a' } }] };
  const image = await resolveOciImage(top, load, 'index.json', 'linux/amd64');
  assert.is(image.manifestDigest, m);
  assert.is(loads, 2, 'the nested index once, the manifest once');
});

test('nesting deeper than the limit is refused', async () => {
  const load: LoadJsonBlob = async (desc) => ({ manifests: [{ mediaType: INDEX, digest: `${desc.digest}0` }] });
  const err = await errorOf(resolveOciImage({ manifests: [{ mediaType: INDEX, digest: 'sha256:1' }] }, load, 'index.json', 'linux/amd64'));
  assert.is(err.code, 'E_LIMIT');
  assert.match(err.message, 'nested more than 4 deep');
});

test.run();
