import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { engineAvailable, imageHistory, pinnedDigest, resolveBaseImages, resolveImage } from '../../src/engine/index.js';

/** A fake Engine API on a unix socket: just the routes the client uses. */
const test = suite('engine/client');
let dir = '';
let server: http.Server;
let env: Record<string, string> = {};
const requests: string[] = [];

const IMAGE = {
  Id: 'sha256:aaaa',
  RepoTags: ['base:1'],
  RepoDigests: ['base@sha256:bbbb'],
  RootFS: { Type: 'layers', Layers: ['sha256:l1', 'sha256:l2'] },
  Size: 1234,
  Os: 'linux',
  Architecture: 'amd64',
};

test.before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lp-engine-'));
  server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/_ping') return void res.end('OK');
    if (req.url === '/images/base%3A1/json') return send(200, IMAGE);
    if (req.url === '/images/base%3A1/history') {
      return send(200, [
        { Id: 'sha256:aaaa', Created: 30, CreatedBy: 'CMD ["sh"]', Tags: ['base:1'], Size: 0, Comment: '' },
        { Id: '<missing>', Created: 20, CreatedBy: 'RUN x # buildkit', Tags: null, Size: 1000, Comment: '' },
        { Id: '<missing>', Created: 10, CreatedBy: 'ADD root / # buildkit', Tags: null, Size: 234, Comment: '' },
      ]);
    }
    if (req.url === '/images/broken/json' || req.url === '/images/broken/history') return send(500, { message: 'disk on fire' });
    send(404, { message: 'No such image' });
  });
  await new Promise<void>((resolve) => server.listen(path.join(dir, 'docker.sock'), resolve));
  env = { DOCKER_HOST: `unix://${path.join(dir, 'docker.sock')}` };
});

test.after(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

test('resolveImage and imageHistory read the API over the socket', async () => {
  assert.ok(await engineAvailable(env));
  assert.equal(await resolveImage('base:1', env), {
    id: 'sha256:aaaa', repoTags: ['base:1'], repoDigests: ['base@sha256:bbbb'], diffIds: ['sha256:l1', 'sha256:l2'], size: 1234, os: 'linux', architecture: 'amd64',
  });
  const history = await imageHistory('base:1', env);
  assert.equal(history?.map((h) => [h.createdBy, h.size, h.id ?? '<missing>']), [['ADD root / # buildkit', 234, '<missing>'], ['RUN x # buildkit', 1000, '<missing>'], ['CMD ["sh"]', 0, 'sha256:aaaa']]);
  assert.is(await resolveImage('nope:1', env), null);
});

test('resolveBaseImages: found, not found, engine error', async () => {
  const map = await resolveBaseImages(['base:1', 'nope:1', 'broken', 'base:1'], env);
  assert.equal([...map.keys()], ['base:1', 'nope:1', 'broken']);
  const base = map.get('base:1')!;
  assert.ok('id' in base && base.id === 'sha256:aaaa' && base.history.length === 3);
  const nope = map.get('nope:1')!;
  assert.ok('unavailable' in nope && nope.unavailable.kind === 'not-found');
  const broken = map.get('broken')!;
  assert.ok('unavailable' in broken && broken.unavailable.kind === 'engine-error' && /disk on fire/.test(broken.unavailable.message));
});

test('resolveBaseImages without an engine answers at once, and says what that means', async () => {
  const started = performance.now();
  const map = await resolveBaseImages(['a:1', 'b@sha256:' + 'c'.repeat(64)], { DOCKER_HOST: `unix://${path.join(dir, 'absent.sock')}` });
  assert.ok(performance.now() - started < 500);
  const a = map.get('a:1')!;
  assert.ok('unavailable' in a && a.unavailable.kind === 'no-engine');
  if ('unavailable' in a) assert.match(a.unavailable.message, /^base [^:]+:[^ ]*: known by name only \(no Docker Engine at .*\), so a tag moved to another image cannot be seen/);
  const b = map.get('b@sha256:' + 'c'.repeat(64))!;
  if ('unavailable' in b) assert.match(b.unavailable.message, /is pinned to sha256:c+, which identifies it exactly/);
  else assert.unreachable('b should be unavailable');
  assert.ok(!(await engineAvailable({ DOCKER_HOST: `unix://${path.join(dir, 'absent.sock')}` })));
  assert.is(pinnedDigest('b@sha256:' + 'c'.repeat(64)), 'sha256:' + 'c'.repeat(64));
  assert.is(pinnedDigest('b:1'), null);
});

test.run();
