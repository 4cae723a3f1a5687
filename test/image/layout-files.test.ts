import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readdir, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readImage } from '../../src/image/read-image.js';
import { errorOf } from './_helpers/error-of.js';

const test = suite('image/layout-files');
const fixture = path.resolve('test/fixtures/images/oci-layout-buildah');
const options = { env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' }, cwd: process.cwd(), platform: 'linux/amd64' };
const MANIFEST = 'ffeb8522c7be197b8fd86530cb04c08a7e89e78be71a1186501344e1b3f6aa81';

async function withLayout(change: (dir: string) => Promise<void>, check: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lp-layout-'));
  try {
    await cp(fixture, dir, { recursive: true });
    await change(dir);
    await check(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The first layer blob of the fixture (any blob that is not the manifest, config or index). */
async function layerBlob(dir: string): Promise<string> {
  const names = await readdir(path.join(dir, 'blobs/sha256'));
  const layer = names.find((n) => n === '147dd799610295922eb4cffb8f33a3d044fd2ed7f57bc589f9ac07de14ea3d3b') ?? names[0]!;
  return path.join(dir, 'blobs/sha256', layer);
}

test('index.json as a link out of the layout is refused without reading or printing it', async () => {
  await withLayout(async (dir) => {
    await unlink(path.join(dir, 'index.json'));
    await symlink('/etc/hostname', path.join(dir, 'index.json'));
  }, async (dir) => {
    const err = await errorOf(readImage(dir, options));
    assert.is(err.code, 'E_NOT_REGULAR');
    assert.match(err.message, `${dir}: index.json is a link that leads out of the image layout`);
  });
});

test('a manifest blob linked to /etc/passwd, or a layer linked to /dev/zero, is refused', async () => {
  await withLayout(async (dir) => {
    const blob = path.join(dir, 'blobs/sha256', MANIFEST);
    await unlink(blob);
    await symlink('/etc/passwd', blob);
  }, async (dir) => {
    const err = await errorOf(readImage(dir, options));
    assert.is(err.code, 'E_NOT_REGULAR');
    assert.match(err.message, `manifest sha256:${MANIFEST}`);
    assert.not.match(err.message, 'root:');
  });
  await withLayout(async (dir) => {
    const blob = await layerBlob(dir);
    await unlink(blob);
    await symlink('/dev/zero', blob);
  }, async (dir) => {
    const err = await errorOf(readImage(dir, options));
    assert.ok(err.code === 'E_NOT_REGULAR' || err.code === 'E_MISSING_BLOB', err.message);
  });
});

test('a FIFO in the layout is an error naming it, not a hang', async () => {
  await withLayout(async (dir) => {
    await unlink(path.join(dir, 'index.json'));
    execFileSync('mkfifo', [path.join(dir, 'index.json')]);
  }, async (dir) => {
    const err = await errorOf(readImage(dir, options));
    assert.is(err.code, 'E_NOT_REGULAR');
    assert.match(err.message, 'index.json is a FIFO, not a regular file');
  });
});

test('a link inside the layout is followed; the image still reads', async () => {
  await withLayout(async (dir) => {
    const blob = path.join(dir, 'blobs/sha256', MANIFEST);
    await cp(blob, path.join(dir, 'manifest-copy'));
    await unlink(blob);
    await symlink('../../manifest-copy', blob);
  }, async (dir) => {
    const image = await readImage(dir, options);
    assert.ok(image.layers.length > 0);
  });
});

test('a manifest whose size differs from its descriptor is not trusted', async () => {
  await withLayout(async (dir) => {
    await writeFile(path.join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${MANIFEST}`, size: 12 }] }));
  }, async (dir) => {
    const err = await errorOf(readImage(dir, options));
    assert.is(err.code, 'E_DIGEST_MISMATCH');
    assert.match(err.message, 'but its descriptor says 12');
  });
});

test('an index.json that is not JSON is reported without its content', async () => {
  await withLayout(async (dir) => {
    await writeFile(path.join(dir, 'index.json'), 'secret-token=abc123');
  }, async (dir) => {
    const err = await errorOf(readImage(dir, options));
    assert.is(err.code, 'E_BAD_JSON');
    assert.not.match(err.message, 'secret');
  });
});

test.run();
