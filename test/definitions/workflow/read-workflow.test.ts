import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readWorkflow } from '../../../src/definitions/index.js';
import { realSpec } from '../../_helpers/real-sources.js';
import { byName, definitions, realDefinition } from '../_fixtures.js';

const t = suite('definitions/workflow/read-workflow');
const real = realSpec(t, 'definitions/workflow/read-workflow');

real([realDefinition('excalidraw/publish-docker.yml')], 'excalidraw: build-push-action with context . and platforms, located by file, job, step and line', (text) => {
  const file = '/r/.github/workflows/publish-docker.yml';
  const r = readWorkflow({ path: file, text }, '/r');
  const d = byName(r.definitions, 'Build and push');
  assert.equal(d.origin, { kind: 'workflow', file, job: 'publish-docker', step: 'Build and push', line: 24 });
  assert.equal(d.context, { kind: 'local', path: '/r' });
  assert.equal(d.dockerfile, { kind: 'file', path: '/r/Dockerfile' });
  assert.equal(d.platforms, ['linux/amd64', 'linux/arm64', 'linux/arm/v7']);
  assert.is(definitions(r.definitions).length, 1, 'login, qemu and setup-buildx steps are no builds');
});

real([realDefinition('getting-started/build.yml')], 'getting-started: no context input is the repository root (the action\'s Git context)', (text) => {
  const r = readWorkflow({ path: '/r/.github/workflows/build.yml', text }, '/r');
  assert.equal(byName(r.definitions, 'Build').context, { kind: 'local', path: '/r' });
});

real([realDefinition('buildx/validate.yml')], 'docker/buildx: a bake-action step whose targets are a matrix expression is not planned, and says why', (text) => {
  const r = readWorkflow({ path: '/r/.github/workflows/validate.yml', text }, '/r');
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

const REUSABLE = `on:
  workflow_call:
    inputs:
      target: {type: string, default: prod}
      context: {type: string, default: app}
      version: {type: string}
jobs:
  build:
    steps:
      - uses: actions/checkout@v4
      - name: Build
        uses: docker/build-push-action@v6
        with:
          context: \${{ inputs.context }}
          target: \${{ inputs.target }}
          build-args: |
            VERSION=\${{ inputs.version }}
            FIXED=1
`;

t('reusable workflows: a local one is read with the caller\'s with: over its defaults; another repository\'s is not fetched', () => {
  const caller = `on: push
jobs:
  dev:
    uses: ./.github/workflows/build.yml
    with:
      target: dev
  plain:
    uses: ./.github/workflows/build.yml
  remote:
    uses: docker/github-builder/.github/workflows/build.yml@v1
`;
  const texts: Record<string, string> = { '/r/.github/workflows/build.yml': REUSABLE };
  const r = readWorkflow({ path: '/r/.github/workflows/ci.yml', text: caller }, '/r', (p) => texts[p] ?? null);
  const defs = definitions(r.definitions);
  assert.equal(defs.map((d) => [d.origin.kind === 'workflow' ? d.origin.job : '', d.origin.file, d.target, d.context]), [
    ['dev → build', '/r/.github/workflows/build.yml', 'dev', { kind: 'local', path: '/r/app' }],
    ['plain → build', '/r/.github/workflows/build.yml', 'prod', { kind: 'local', path: '/r/app' }],
  ]);
  // An input with no default and no value stays an expression: its arg is left out, and said.
  assert.equal([...(defs[0]?.args ?? [])], [['FIXED', '1']]);
  assert.equal(defs[0]?.unresolved.map((u) => u.field), ['build-args']);
});

t('reusable workflows: a caller of a file that is not there, or a workflow calling itself, is an error naming the job', () => {
  const loop = readWorkflow({ path: '/r/.github/workflows/a.yml', text: 'jobs:\n  x:\n    uses: ./.github/workflows/a.yml\n' }, '/r', () => 'jobs:\n  x:\n    uses: ./.github/workflows/a.yml\n');
  assert.ok(!loop.definitions.ok && /jobs\.x(?: → x)?\.uses: .*calls itself/.test(JSON.stringify(loop.definitions.problem)), JSON.stringify(loop.definitions));
  const missing = readWorkflow({ path: '/r/.github/workflows/a.yml', text: 'jobs:\n  x:\n    uses: ./.github/workflows/gone.yml\n' }, '/r', () => null);
  assert.ok(!missing.definitions.ok && /jobs\.x\.uses: cannot read/.test(JSON.stringify(missing.definitions.problem)));
});

t.run();
