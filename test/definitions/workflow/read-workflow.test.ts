import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readWorkflow } from '../../../src/definitions/index.js';
import { byName, definitions, fixture } from '../_fixtures.js';

const t = suite('definitions/workflow/read-workflow');

t('excalidraw: build-push-action with context . and platforms, located by file, job, step and line', () => {
  const file = '/r/.github/workflows/publish-docker.yml';
  const r = readWorkflow(fixture('excalidraw/publish-docker.yml', file), '/r');
  const d = byName(r.definitions, 'Build and push');
  assert.equal(d.origin, { kind: 'workflow', file, job: 'publish-docker', step: 'Build and push', line: 24 });
  assert.equal(d.context, { kind: 'local', path: '/r' });
  assert.equal(d.dockerfile, { kind: 'file', path: '/r/Dockerfile' });
  assert.equal(d.platforms, ['linux/amd64', 'linux/arm64', 'linux/arm/v7']);
  assert.is(definitions(r.definitions).length, 1, 'login, qemu and setup-buildx steps are no builds');
});

t('getting-started: no context input is the repository root (the action\'s Git context)', () => {
  const r = readWorkflow(fixture('getting-started/build.yml', '/r/.github/workflows/build.yml'), '/r');
  assert.equal(byName(r.definitions, 'Build').context, { kind: 'local', path: '/r' });
});

t('docker/buildx: a bake-action step whose targets are a matrix expression is not planned, and says why', () => {
  const r = readWorkflow(fixture('buildx/validate.yml', '/r/.github/workflows/validate.yml'), '/r');
  assert.equal(definitions(r.definitions), []);
  const step = r.bakeSteps.find((s) => s.step === 'Validate');
  assert.ok(step);
  assert.equal(step?.unresolved.map((u) => u.field), ['targets']);
});

t('file, build-args, target, build-contexts, no-cache; an expression is unresolved, never guessed', () => {
  const text = `jobs:
  image:
    steps:
      - uses: docker/build-push-action@v6
        with:
          context: ./app
          file: ./docker/app.Dockerfile
          target: prod
          no-cache: true
          build-args: |
            A=1
            SHA=\${{ github.sha }}
          build-contexts: |
            shared=./shared
      - uses: docker/bake-action@v5
        with:
          workdir: ./build
          files: |
            ./docker-bake.hcl
          targets: app,worker
`;
  const r = readWorkflow({ path: '/r/.github/workflows/ci.yml', text }, '/r');
  const d = byName(r.definitions, 'step 1');
  assert.equal(d.dockerfile, { kind: 'file', path: '/r/docker/app.Dockerfile' });
  assert.equal(d.context, { kind: 'local', path: '/r/app' });
  assert.is(d.target, 'prod');
  assert.ok(d.noCache);
  assert.equal([...d.args], [['A', '1']]);
  assert.equal(d.unresolved, [{ field: 'build-args', value: 'A=1\nSHA=${{ github.sha }}\n' }]);
  assert.equal([...d.namedContexts], [['shared', { kind: 'local', path: '/r/shared' }]]);
  assert.equal(r.bakeSteps.map((s) => [s.workdir, s.files, s.targets, s.line]), [['/r/build', ['/r/build/docker-bake.hcl'], ['app', 'worker'], 15]]);
});

t('a workflow that does not parse: file:line:column, and no bake steps either', () => {
  const r = readWorkflow({ path: '/r/w.yml', text: 'jobs:\n  a:\n    steps: [\n' }, '/r');
  assert.is(r.definitions.ok, false);
  assert.equal(r.bakeSteps, []);
});

t.run();
