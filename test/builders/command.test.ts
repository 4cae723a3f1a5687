import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { builderCommand, builderProgram, missingBuilderHelp } from '../../src/builders/command.js';
import { layerplan, copyExample } from '../_helpers/cli.js';

const t = suite('builders/command');
const req = { contextDir: '/p', dockerfile: '/p/app.Dockerfile', target: 'prod', buildArgs: new Map([['V', '2']]), passthrough: ['--network', 'none', '-t', 'app:dev'] };

t('docker buildx build with rawjson when the plugin is there, else docker build with plain progress and BuildKit on', () => {
  const bx = builderCommand('docker', 'docker', req, true);
  assert.equal([bx.program, ...bx.args], ['docker', 'buildx', 'build', '--progress=rawjson', '-f', '/p/app.Dockerfile', '--target', 'prod', '--build-arg', 'V=2', '--network', 'none', '-t', 'app:dev', '/p']);
  assert.is(bx.stream, 'rawjson');
  const plain = builderCommand('docker', 'docker', req, false);
  assert.equal(plain.args.slice(0, 2), ['build', '--progress=plain']);
  assert.equal([plain.stream, plain.env], ['plain', { DOCKER_BUILDKIT: '1' }]);
});

t('buildah bud --layers and podman build --layers; the builder arguments unchanged, the context last', () => {
  const bah = builderCommand('buildah', '/opt/buildah', req, false);
  assert.equal(bah.args.slice(0, 2), ['bud', '--layers']);
  assert.equal(bah.args.slice(-5), ['--network', 'none', '-t', 'app:dev', '/p']);
  assert.equal(builderCommand('podman', 'podman', req, false).args.slice(0, 2), ['build', '--layers']);
  assert.is(builderProgram('buildah', { LAYERPLAN_BUILDAH: '/opt/buildah' }), '/opt/buildah');
  assert.is(builderProgram('docker', {}), 'docker');
});

t('a missing or unreachable builder: one line naming it and what to install or set', () => {
  assert.match(missingBuilderHelp('docker', 'docker', 'not-installed', ''), /^docker is not installed here \("docker" not found\): install Docker .*, or set LAYERPLAN_DOCKER to its path$/);
  assert.match(missingBuilderHelp('docker', 'docker', 'unreachable', 'Cannot connect'), /DOCKER_HOST or a Docker context/);
  const { dir, cache } = copyExample('node-app');
  const r = layerplan(['build', dir, '--exec', '--cache-dir', cache], { env: { LAYERPLAN_DOCKER: '/nonexistent/docker' } });
  assert.is(r.status, 3);
  assert.match(r.stderr, /^layerplan: docker is not installed here \("\/nonexistent\/docker" not found\)/);
  const dashes = layerplan(['build', dir, '--cache-dir', cache, '--', '--network', 'none']);
  assert.is(dashes.status, 2);
  assert.match(dashes.stderr, /only --exec runs; add --exec/);
  const dry = layerplan(['build', dir, '--exec', '--dry-run', '--cache-dir', cache, '--', '--network', 'none'], { env: { LAYERPLAN_DOCKER: '/nonexistent/docker' } });
  assert.is(dry.status, 0, '--exec --dry-run plans and shows without building');
});

t.run();
