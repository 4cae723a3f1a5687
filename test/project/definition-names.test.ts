import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mayDefineBuilds } from '../../src/project/definition-names.js';
import { definitionTargets } from '../../src/app/definition-targets.js';

const t = suite('project/definition-names');
const dirs: string[] = [];

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-defnames-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

t.after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

t('a folder with only Dockerfiles and sources defines no builds', () => {
  assert.is(mayDefineBuilds(project({ Dockerfile: 'FROM busybox:local\n', 'src/a.ts': '' }), {}), false);
});

t('every file the definition readers could read makes it say yes', () => {
  for (const name of ['compose.yaml', 'docker-compose.yml', 'docker-bake.hcl', 'docker-bake.json', 'docker-bake.override.hcl', '.env', '.github/workflows/ci.yml']) {
    assert.is(mayDefineBuilds(project({ [name]: '' }), {}), true, name);
  }
  assert.is(mayDefineBuilds(project({}), { COMPOSE_FILE: 'elsewhere.yml' }), true);
  assert.is(mayDefineBuilds(project({}), { BUILDX_BAKE_FILE: 'elsewhere.hcl' }), true);
});

t('where it says no, the readers find no definition either (skipping them changes nothing)', () => {
  const dir = project({ Dockerfile: 'FROM busybox:local\n', 'svc/Dockerfile': 'FROM busybox:local\n', '.github/README.md': '' });
  assert.is(mayDefineBuilds(dir, {}), false);
  assert.equal(definitionTargets(dir, {}), []);
});

t.run();
