import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bakeFilesIn, composeFilesIn, DefinitionFileError, loadBake, loadCompose, loadWorkflows } from '../../src/project/definition-files.js';

const t = suite('project/definition-files');

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-defs-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

t('compose: the first default name wins, with its override; COMPOSE_FILE replaces both', () => {
  const dir = project({ 'compose.yaml': '', 'docker-compose.yml': '', 'compose.override.yaml': '', 'other.yml': '' });
  assert.equal(composeFilesIn(dir, new Map()).map((f) => path.basename(f)), ['compose.yaml', 'compose.override.yaml']);
  assert.equal(composeFilesIn(dir, new Map([['COMPOSE_FILE', 'other.yml:compose.yaml']])).map((f) => path.basename(f)), ['other.yml', 'compose.yaml']);
});

t('compose: .env beside the file interpolates and sets COMPOSE_PROFILES; the environment wins over it', () => {
  const dir = project({
    'compose.yaml': 'services:\n  web:\n    build:\n      context: ./web\n      target: ${TARGET}\n  tools:\n    profiles: [tools]\n    build: ./web\n',
    '.env': 'TARGET=dev\nCOMPOSE_PROFILES=tools\n',
    'web/Dockerfile': 'FROM busybox:local\n',
  });
  const fromDotenv = loadCompose({ dir, files: [], env: {}, profiles: [] });
  assert.equal(fromDotenv.definitions.map((d) => [d.name, d.target]), [['web', 'dev'], ['tools', null]]);
  const fromEnv = loadCompose({ dir, files: [], env: { TARGET: 'prod', COMPOSE_PROFILES: '' }, profiles: [] });
  assert.equal(fromEnv.definitions.map((d) => [d.name, d.target]), [['web', 'prod']]);
});

t('compose: a service whose context does not exist is named with its path', () => {
  const dir = project({ 'compose.yaml': 'services:\n  api:\n    build: ./nope\n' });
  assert.throws(() => loadCompose({ dir, files: [], env: {}, profiles: [] }), (e: unknown) => e instanceof DefinitionFileError && e.code === 'E_NO_CONTEXT' && /service "api": build context .*nope does not exist/.test(e.message));
});

t('compose: a file that does not parse is file:line:column', () => {
  const dir = project({ 'compose.yaml': 'services:\n  api:\n    build: [\n' });
  assert.throws(() => loadCompose({ dir, files: [], env: {}, profiles: [] }), (e: unknown) => e instanceof DefinitionFileError && /compose\.yaml:\d+:\d+: /.test(e.message));
});

t('bake: every default file that exists, in buildx\'s order; BUILDX_BAKE_FILE replaces them', () => {
  const dir = project({ 'docker-bake.override.hcl': 'target "default" { target = "dev" }\n', 'docker-bake.hcl': 'target "default" {\n  target = "prod"\n}\n', Dockerfile: 'FROM busybox:local\n' });
  assert.equal(bakeFilesIn(dir, new Map()).map((f) => path.basename(f)), ['docker-bake.hcl', 'docker-bake.override.hcl']);
  assert.equal(loadBake({ dir, files: [], targets: [], env: {} }).definitions.map((d) => d.target), ['dev']);
  assert.equal(loadBake({ dir, files: [], targets: [], env: { BUILDX_BAKE_FILE: 'docker-bake.hcl' } }).definitions.map((d) => d.target), ['prod']);
});

t('workflows: build-push-action steps, and bake-action steps read through their bake files', () => {
  const dir = project({
    '.github/workflows/ci.yml': 'jobs:\n  b:\n    steps:\n      - name: image\n        uses: docker/build-push-action@v6\n        with: {context: app}\n      - name: bake\n        uses: docker/bake-action@v5\n        with: {targets: t}\n',
    'docker-bake.hcl': 'target "t" { context = "app" }\n',
    'app/Dockerfile': 'FROM busybox:local\n',
  });
  const r = loadWorkflows(dir, {});
  assert.equal(r.definitions.map((d) => [d.name, d.origin.kind === 'workflow' ? d.origin.step : '']), [['image', 'image'], ['t', 'bake (bake target t)']]);
});

t('workflows: a reusable workflow called by another is planned through its caller only', () => {
  const dir = project({
    '.github/workflows/ci.yml': 'on: push\njobs:\n  img:\n    uses: ./.github/workflows/build.yml\n    with:\n      target: dev\n',
    '.github/workflows/build.yml': 'on:\n  workflow_call:\n    inputs:\n      target: {default: prod}\njobs:\n  b:\n    steps:\n      - name: Build\n        uses: docker/build-push-action@v6\n        with:\n          target: ${{ inputs.target }}\n',
    Dockerfile: 'FROM busybox:local\n',
  });
  const loaded = loadWorkflows(dir, {});
  assert.equal(loaded.definitions.map((d) => [d.origin.kind === 'workflow' ? d.origin.job : '', d.target]), [['img → b', 'dev']]);
});

t.run();
