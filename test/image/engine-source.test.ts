import { readFile, mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readImage } from '../../src/image/read-image.js';
import { buildImageReport } from '../../src/image/report.js';
import { renderImageText } from '../../src/views/image-text.js';

/**
 * An image read by name from an engine: the export is a `docker save` stream
 * whose tail (end-of-archive blocks, record padding) the tar reader never
 * reads. The connection must be closed anyway, or `layerplan inspect NAME`
 * never exits (issue 13). A fake engine on a unix socket stands in for dockerd.
 */
const test = suite('image/engine-source');

test('reading an image by name closes the engine connection although the export has an unread tail', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'lp-engine-'));
  const socketPath = path.join(dir, 'docker.sock');
  const archive = await readFile(path.resolve('test/fixtures/images/docker-save-legacy.tar'));
  const sockets: Socket[] = [];
  const server = http.createServer((req, res) => {
    if (!req.url?.startsWith('/images/get')) return void res.writeHead(404).end('{"message":"no"}');
    res.writeHead(200, { 'content-type': 'application/x-tar' });
    // Several MB of zeros after the archive: far more than any read-ahead buffer takes in.
    res.end(Buffer.concat([archive, Buffer.alloc(8 * 1024 * 1024)]));
  });
  server.on('connection', (s) => sockets.push(s));
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  try {
    const image = await readImage('lp-fixture:latest', { env: { DOCKER_HOST: `unix://${socketPath}` }, cwd: dir, platform: 'linux/amd64' });
    assert.is(image.source.kind, 'engine');
    assert.ok(image.layers.length > 0);
    assert.is(sockets.length, 1);
    const closed = sockets[0]!.destroyed || await new Promise<boolean>((resolve) => {
      sockets[0]!.once('close', () => resolve(true));
      // A watchdog, not a timing claim: without the fix the socket never closes.
      setTimeout(() => resolve(false), 10_000).unref();
    });
    assert.ok(closed, 'the engine connection stayed open after the image was read');
  } finally {
    sockets.forEach((s) => s.destroy());
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  }
});

test('SIZE is file content as docker history counts it, with the compressed size beside it', async () => {
  const r = buildImageReport(await readImage(path.resolve('test/fixtures/images/oci-layout-buildah'), { env: {}, cwd: process.cwd(), platform: 'linux/amd64' }));
  const text = renderImageText(r, { allFiles: false });
  const first = r.layers[0]!;
  assert.ok(first.compression !== 'none' && first.fileBytes < first.size);
  assert.match(text, /SIZE\s+COMPRESSED/);
  // The first layer: 904 B of content in a 623 B gzip blob (the tar is larger than both).
  assert.match(text, /0\s+1\s+sha256:\w{12}\s+904 B\s+623 B\s/);
  const legacy = renderImageText(buildImageReport(await readImage(path.resolve('test/fixtures/images/docker-save-legacy.tar'), { env: {}, cwd: process.cwd(), platform: 'linux/amd64' })), { allFiles: false });
  assert.match(legacy, /\d+ B\s+-\s+\d{4}-/, 'an uncompressed blob has no compressed size');
});

test.run();
