/** app/missing-builds: a build whose context folder is missing is LP001 at its definition's file:line; the other builds are still checked. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { definitionBuilds } from '../../src/app/definition-targets.js';
import { layerplan } from '../_helpers/cli.js';
import { commitAll, git, tempRepo, write } from '../git/_helpers/git-repo.js';

const t = suite('app/missing-builds');
const COMPOSE = 'services:\n  web:\n    build: ./web\n  api:\n    build:\n      context: ./api\n      dockerfile: Dockerfile\n';

interface Json { dockerfiles: { dockerfile: string; definition?: string }[]; findings: { ruleId: string; severity: string; dockerfile: string; line: number; message: string }[] }
const json = (dir: string, args: string[]) => {
  const r = layerplan([...args, '--json'], { cwd: dir });
  return { status: r.status, stderr: r.stderr, report: JSON.parse(r.stdout || '{"dockerfiles":[],"findings":[]}') as Json };
};

function project(): string {
  const dir = tempRepo({ 'compose.yaml': COMPOSE, 'web/Dockerfile': 'FROM node\nCOPY . .\n', 'web/a.js': 'a\n' });
  commitAll(dir);
  return dir;
}

t('lint: the service with a context lints as before; the missing one is LP001 at compose.yaml:6, naming it; exit 1 as for any error, not 3', () => {
  const dir = project();
  const { status, stderr, report } = json(dir, ['lint']);
  assert.is(status, 1, stderr);
  assert.is(stderr, '');
  assert.equal(report.findings.map((f) => [f.ruleId, f.severity, f.dockerfile, f.line]), [['LP301', 'warning', 'web/Dockerfile', 1], ['LP001', 'error', 'compose.yaml', 6]]);
  assert.match(report.findings[1]?.message ?? '', 'service "api": build context api does not exist');
  const off = json(dir, ['lint', '--ignore', 'LP001']);
  assert.is(off.status, 0);
  assert.equal(off.report.findings.map((f) => f.ruleId), ['LP301']);
});

t('check: reported only when the change touches it (the compose file, its Dockerfile or its folder); an unrelated commit is not refused', () => {
  const dir = project();
  write(dir, 'web/a.js', 'a, edited\n');
  git(dir, 'add', '-A');
  const unrelated = json(dir, ['check']);
  assert.is(unrelated.status, 0, unrelated.stderr);
  assert.not.ok(unrelated.report.findings.some((f) => f.ruleId === 'LP001'));
  write(dir, 'compose.yaml', `${COMPOSE}  db:\n    image: postgres\n`);
  git(dir, 'add', '-A');
  const touched = json(dir, ['check']);
  assert.is(touched.status, 1, touched.stderr);
  assert.equal(touched.report.findings.filter((f) => f.ruleId === 'LP001').map((f) => [f.dockerfile, f.line]), [['compose.yaml', 6]]);
  assert.is(json(dir, ['check', '--disable', 'LP001']).status, 0);
});

t('lint --service api, api\'s context missing: LP001 at its line naming the folder, not "no build definition named api"; an unknown name is still refused', () => {
  const dir = project();
  const { status, stderr, report } = json(dir, ['lint', '--service', 'api']);
  assert.is(status, 1, stderr);
  assert.equal(report.findings.map((f) => [f.ruleId, f.dockerfile, f.line]), [['LP001', 'compose.yaml', 6]]);
  assert.match(report.findings[0]?.message ?? '', 'build context api does not exist');
  const unknown = layerplan(['lint', '--service', 'nope'], { cwd: dir });
  assert.is(unknown.status, 3, 'as before: a --service value that names nothing is a configuration error');
  assert.match(unknown.stderr, 'no build definition named "nope"');
});

t('the line named: compose context (else build), bake target\'s context, a workflow step\'s line', () => {
  const dir = tempRepo({
    'docker-bake.hcl': 'group "default" {\n  targets = ["app"]\n}\n\ntarget "app" {\n  dockerfile = "Dockerfile"\n  context = "./nope"\n}\n',
    '.github/workflows/ci.yml': 'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          context: ./gone\n',
  });
  const { missing } = definitionBuilds(dir, {});
  assert.equal(missing.map((m) => [m.file, m.line, m.context]), [['docker-bake.hcl', 7, 'nope'], ['.github/workflows/ci.yml', 6, 'gone']]);
  const compose = tempRepo({ 'compose.yaml': 'services:\n  x:\n    build: ./nope\n' });
  assert.equal(definitionBuilds(compose, {}).missing.map((m) => [m.file, m.line, m.definition, m.dockerfile]), [['compose.yaml', 3, 'service "x"', 'nope/Dockerfile']]);
});

t.run();
