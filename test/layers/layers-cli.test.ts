import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { diffId, layerplanAsync, startFakeEngine, type FakeEngine } from './_helpers/fake-engine.js';

/** `build` base lines and `layers DIR` through the real CLI, against a fake engine that knows node:20 and python:3.12. */
const t = suite('layers/cli');
let engine: FakeEngine;

const ALPINE = { diffId: diffId('a'), size: 5_000_000, createdBy: '/bin/sh -c #(nop) ADD file:abc in / ' };
const IMAGES = {
  'node:20': { id: `sha256:${'1'.repeat(64)}`, layers: [ALPINE, { diffId: diffId('b'), size: 40_000_000, createdBy: 'RUN /bin/sh -c apk add nodejs # buildkit' }] },
  'python:3.12': { id: `sha256:${'2'.repeat(64)}`, layers: [ALPINE, { diffId: diffId('c'), size: 20_000_000, createdBy: 'RUN /bin/sh -c apk add python3 # buildkit' }] },
};

t.before(async () => {
  engine = await startFakeEngine(IMAGES);
});

t.after(async () => {
  await engine.close();
});

/** A folder of Dockerfiles (`rel path → text`) plus any other files. */
function folder(tree: Record<string, string>): { dir: string; cache: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'lp-layers-'));
  const dir = path.join(root, 'repo');
  for (const [rel, text] of Object.entries(tree)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return { dir, cache: path.join(root, 'cache') };
}

const SERVICES = {
  'api/Dockerfile': 'FROM node:20\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci\n',
  'api/package.json': '{"a":1}\n',
  'worker/Dockerfile': 'FROM node:20\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci\nRUN npm run worker\n',
  'worker/package.json': '{"a":1}\n',
  'py/Dockerfile': 'FROM python:3.12\nWORKDIR /app\n',
  'py/node_modules/x/Dockerfile': 'FROM nothing-to-see\n',
  'legacy/Dockerfile': 'FROM gone:1\nRUN true\n',
};

t('build: one line per base with layer count and size, present or to pull; JSON lists every layer', async () => {
  const { dir, cache } = folder({ Dockerfile: 'FROM node:20 AS deps\nRUN npm ci\nFROM gone:1\nCOPY --from=deps /x /x\n' });
  const text = await layerplanAsync(['build', dir, '--dry-run', '--cache-dir', cache], engine.env);
  assert.is(text.status, 0, text.stderr);
  assert.match(text.stdout, `base node:20: image ${'1'.repeat(12)}, 2 layers, 45.0 MB, in the local engine: reused\n`);
  assert.match(text.stdout, 'base gone:1: not in the local engine: the build pulls it\n');
  const json = JSON.parse((await layerplanAsync(['build', dir, '--dry-run', '--json', '--cache-dir', cache], engine.env)).stdout) as { bases: { ref: string; present: boolean | null; layers: unknown }[] };
  assert.equal(json.bases.map((b) => [b.ref, b.present]), [['node:20', true], ['gone:1', false]]);
  assert.equal(json.bases[0]?.layers, IMAGES['node:20'].layers);
  assert.is(json.bases[1]?.layers, null);
  const none = await layerplanAsync(['build', dir, '--dry-run', '--cache-dir', cache], { DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
  const why = 'no Docker Engine at unix:///nonexistent/docker.sock (no such socket)';
  assert.match(none.stdout, `base node:20, gone:1: known by name only (${why}), so a tag moved`);
  // One wording: the JSON note of each base says what the plain line says of it.
  const noneJson = JSON.parse((await layerplanAsync(['build', dir, '--dry-run', '--json', '--cache-dir', cache], { DOCKER_HOST: 'unix:///nonexistent/docker.sock' })).stdout) as { bases: { ref: string; note: string }[] };
  assert.is(noneJson.bases[0]?.note, `base node:20: known by name only (${why}), so a tag moved to another image cannot be seen; pin @sha256:… to make it exact`);
});

t('layers DIR: bases with their users and layers, bytes saved, shared steps with their lines', async () => {
  const { dir, cache } = folder(SERVICES);
  const r = await layerplanAsync(['layers', dir, '--cache-dir', cache], engine.env);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, `${dir} · builder buildkit · 4 Dockerfiles · engine ${engine.env.DOCKER_HOST}\n`);
  assert.match(r.stdout, 'base node:20: image 111111111111, 2 layers, 45.0 MB, in the local engine: reused\n  used by api/Dockerfile:1, worker/Dockerfile:1\n');
  assert.match(r.stdout, /5\.00 MB {2}a{12} {2}ADD file:abc in \/ +shared by 3 Dockerfiles/);
  assert.match(r.stdout, /40\.0 MB {2}b{12} {2}RUN apk add nodejs +shared by 2 Dockerfiles\n/, 'the instruction as written, without the shell and # buildkit');
  assert.match(r.stdout, 'base gone:1: not in the local engine: the build pulls it\n  used by legacy/Dockerfile:1\n');
  assert.match(r.stdout, 'shared base layers: 2 layers in 3 Dockerfiles; stored and pulled once, they save 50.0 MB\n');
  assert.match(r.stdout, '  not counted, layers unknown (not in the local engine: known once pulled): gone:1\n');
  assert.match(r.stdout, /api\/Dockerfile, worker\/Dockerfile, after FROM node:20:\n +to build +WORKDIR \/app +api\/Dockerfile:2, worker\/Dockerfile:2\n +to build +COPY package.json \.\/ +api\/Dockerfile:3, worker\/Dockerfile:3\n/);
  assert.not.match(r.stdout, 'node_modules');
  assert.not.ok(existsSync(path.join(cache, 'runs')), 'layers records no run');
});

t('layers --json: the same report as data; one inspect and one history request per image', async () => {
  const { dir, cache } = folder(SERVICES);
  const before = engine.requests.length;
  const r = await layerplanAsync(['layers', dir, '--json', '--cache-dir', cache], engine.env);
  assert.is(r.status, 0, r.stderr);
  const json = JSON.parse(r.stdout) as {
    dockerfiles: { path: string; context: string }[];
    savedBytes: number;
    sharedLayers: { diffId: string; dockerfiles: string[]; savedBytes: number }[];
    sharedSteps: { after: string; dockerfiles: string[]; steps: { instruction: string }[] }[];
  };
  assert.equal(json.dockerfiles.map((d) => [d.path, d.context]), [['api/Dockerfile', 'api'], ['legacy/Dockerfile', 'legacy'], ['py/Dockerfile', 'py'], ['worker/Dockerfile', 'worker']]);
  assert.is(json.savedBytes, 50_000_000);
  assert.equal(json.sharedLayers.map((l) => [l.diffId, l.dockerfiles.length, l.savedBytes]), [[diffId('a'), 3, 10_000_000], [diffId('b'), 2, 40_000_000]]);
  assert.equal(json.sharedSteps.map((s) => [s.after, s.dockerfiles, s.steps.map((x) => x.instruction)]), [['FROM node:20', ['api/Dockerfile', 'worker/Dockerfile'], ['WORKDIR /app', 'COPY package.json ./', 'RUN npm ci']]]);
  const asked = engine.requests.slice(before).filter((u) => u.startsWith('/images/')).sort();
  assert.equal(asked, ['/images/gone%3A1/history', '/images/gone%3A1/json', '/images/node%3A20/history', '/images/node%3A20/json', '/images/python%3A3.12/history', '/images/python%3A3.12/json']);
});

t('layers: a context from .layerplan.json; a broken Dockerfile is named with its line, the others still reported (exit 3)', async () => {
  const { dir, cache } = folder({
    '.layerplan.json': JSON.stringify({ dockerfiles: [{ file: 'docker/app.Dockerfile', context: '.' }] }),
    'docker/app.Dockerfile': 'FROM node:20\nCOPY package.json /p\n',
    'package.json': '{}\n',
    'broken/Dockerfile': 'FROM node:20\nCOPY missing.txt /m\n',
    'cycle/Dockerfile': 'FROM node:20\nCOPY --from=0 /a /a\n',
  });
  const r = await layerplanAsync(['layers', dir, '--json', '--cache-dir', cache], engine.env);
  assert.is(r.status, 3, r.stderr);
  const json = JSON.parse(r.stdout) as { dockerfiles: { path: string; context: string }[]; problems: { path: string; where: string }[] };
  // The build of broken/ fails at line 2, after its FROM: what it makes before failing still counts.
  assert.equal(json.dockerfiles.map((d) => [d.path, d.context]), [['broken/Dockerfile', 'broken'], ['docker/app.Dockerfile', '']]);
  assert.equal(json.problems.map((p) => [p.path, p.where.replace(/^.*repo\//, '')]), [['cycle/Dockerfile', 'cycle/Dockerfile:1'], ['broken/Dockerfile', 'broken/Dockerfile:2']]);
  assert.match(r.stderr, /cycle\/Dockerfile:1: stage 0 depends on itself/);
  assert.match(r.stderr, /broken\/Dockerfile:2: "missing.txt": not found in the build context/);
});

t('layers: each compose service is planned with its own target and args; two services of one Dockerfile are two builds', async () => {
  const { dir, cache } = folder({
    'compose.yaml': 'services:\n  dev:\n    build: {context: ./app, target: dev}\n  prod:\n    build: {context: ./app, args: [MODE=prod]}\n',
    'app/Dockerfile': 'FROM node:20 AS dev\nRUN echo dev\nFROM python:3.12\nARG MODE\nRUN echo $MODE\n',
  });
  const r = await layerplanAsync(['layers', dir, '--json', '--cache-dir', cache], engine.env);
  assert.is(r.status, 0, r.stderr);
  const json = JSON.parse(r.stdout) as { dockerfiles: { path: string; definition?: string; summary: { rebuilt: number; skipped: number } }[]; bases: { ref: string; users: { dockerfile: string }[] }[] };
  assert.equal(json.dockerfiles.map((d) => [d.path, d.definition]), [['app/Dockerfile (service "dev")', 'service "dev"'], ['app/Dockerfile (service "prod")', 'service "prod"']]);
  // dev builds only its stage (python's is skipped); prod builds the last stage only.
  assert.equal(json.bases.map((b) => [b.ref, b.users.map((u) => u.dockerfile)]), [['node:20', ['app/Dockerfile (service "dev")']], ['python:3.12', ['app/Dockerfile (service "prod")']]]);
});

t('layers: no Dockerfile, not a folder, or a bad --builder', async () => {
  const { dir, cache } = folder({ 'README.md': 'hi\n' });
  const empty = await layerplanAsync(['layers', dir, '--cache-dir', cache], engine.env);
  assert.is(empty.status, 3);
  assert.match(empty.stderr, 'no Dockerfile under');
  const missing = await layerplanAsync(['layers', path.join(dir, 'nope')], engine.env);
  assert.is(missing.status, 3);
  assert.match(missing.stderr, 'is not a folder');
  const bad = await layerplanAsync(['layers', dir, '--builder', 'kaniko'], engine.env);
  assert.is(bad.status, 2);
  assert.match(bad.stderr, '--builder must be one of buildkit, buildah');
});

t.run();
