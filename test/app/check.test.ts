/** `check` over real repositories: what counts as changed, which Dockerfiles get planned, which index is read. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { changedPaths, checkRepo, type CheckOptions } from '../../src/app/check.js';
import { GitError } from '../../src/git/run-git.js';
import type { GitTree } from '../../src/git/tree.js';
import { layerplan } from '../_helpers/cli.js';
import { commitAll, git, tempRepo, write } from '../git/_helpers/git-repo.js';

const t = suite('app/check');
const A = 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391';
const B = '8baef1b4abc478178b004d62031cf7fe6db6f903';
const BAD = 'FROM busybox:1.36\nWORKDIR /app\nCOPY . .\nRUN npm ci\n';

function opts(cwd: string, more: Partial<CheckOptions> = {}): CheckOptions {
  return { cwd, arch: 'x64', against: 'HEAD', files: [], context: null, exclude: [], config: null, rules: new Map(), env: {}, derivation: 'both', ...more };
}

t('changedPaths: added, removed, content and mode changes; equal entries are not', () => {
  const before: GitTree = new Map([
    ['same', { mode: '100644', oid: A }],
    ['gone', { mode: '100644', oid: A }],
    ['edited', { mode: '100644', oid: A }],
    ['chmod', { mode: '100644', oid: A }],
  ]);
  const after: GitTree = new Map([
    ['same', { mode: '100644', oid: A }],
    ['edited', { mode: '100644', oid: B }],
    ['chmod', { mode: '100755', oid: A }],
    ['new', { mode: '120000', oid: A }],
  ]);
  assert.equal([...changedPaths(before, after)].sort(), ['chmod', 'edited', 'gone', 'new']);
  assert.equal([...changedPaths(after, after)], []);
});

function twoServices(): string {
  const dir = tempRepo({
    'svc/a/Dockerfile': BAD,
    'svc/a/package.json': '{}\n',
    'svc/a/README.md': 'a\n',
    'svc/b/Dockerfile': BAD,
    'svc/b/package.json': '{}\n',
    'svc/b/README.md': 'b\n',
    'svc/b2/README.md': 'b2\n',
  });
  commitAll(dir);
  return dir;
}

t('a staged addition, removal and edit in one context are each named in the COPY step\'s files-changed reason', async () => {
  const dir = tempRepo({ 'Dockerfile': BAD, 'package.json': '{}\n', 'README.md': 'a\n', 'old.txt': 'o\n', 'src/a.js': 'x\n' });
  commitAll(dir);
  write(dir, 'README.md', 'a, edited\n');
  write(dir, 'src/new.js', 'n\n');
  git(dir, 'rm', '-q', 'old.txt');
  git(dir, 'add', '-A');
  const report = await checkRepo(opts(dir));
  const copy = report.reports[0]?.rebuilt.find((r) => r.instruction === 'COPY . .');
  assert.equal(copy?.reason, { kind: 'files-changed', added: ['src/new.js'], removed: ['old.txt'], modified: ['README.md'] });
});

t('only Dockerfiles whose context the change touches are planned (svc/b2 is not inside svc/b)', async () => {
  const dir = twoServices();
  write(dir, 'svc/a/README.md', 'a, edited\n');
  write(dir, 'svc/b2/README.md', 'b2, edited\n');
  git(dir, 'add', '-A');
  const report = await checkRepo(opts(dir));
  assert.equal(report.reports.map((r) => [r.dockerfile, r.state]), [['svc/a/Dockerfile', 'changed']]);
  assert.equal(report.reports[0]?.findings.map((f) => [f.ruleId, f.files]), [['LP110', ['README.md']]]);
});

t('an ignore file beside a Dockerfile outside its context counts as touching it', async () => {
  const dir = tempRepo({ 'docker/api.Dockerfile': BAD, 'package.json': '{}\n', '.layerplan.json': '{"dockerfiles":[{"file":"docker/api.Dockerfile","context":"app"}]}\n', 'app/package.json': '{}\n' });
  commitAll(dir);
  write(dir, 'docker/api.Dockerfile.dockerignore', 'README.md\n');
  git(dir, 'add', '-A');
  const report = await checkRepo(opts(path.join(dir, 'docker')));
  assert.equal(report.reports.map((r) => [r.dockerfile, r.context]), [['docker/api.Dockerfile', 'app']]);
});

t('before the first commit every Dockerfile is new; an unknown --against is a GitError', async () => {
  const dir = tempRepo({ Dockerfile: 'FROM busybox:1.36\n' });
  git(dir, 'add', '-A');
  const report = await checkRepo(opts(dir));
  assert.equal(report.reports.map((r) => r.state), ['new']);
  try {
    await checkRepo(opts(dir, { against: 'origin/nowhere' }));
    assert.unreachable('should throw');
  } catch (err) {
    assert.instance(err, GitError);
    assert.match((err as Error).message, '"origin/nowhere" is not a revision');
  }
});

t('check reads the index git names in GIT_INDEX_FILE, as `git commit -a` and `git commit <path>` run the hook', () => {
  const dir = twoServices();
  write(dir, 'svc/a/README.md', 'a, edited\n');
  const temp = path.join(dir, '.git', 'lp-temp-index');
  const withTemp = { GIT_INDEX_FILE: temp };
  for (const args of [['read-tree', 'HEAD'], ['add', 'svc/a/README.md']]) assert.is(spawnSync('git', args, { cwd: dir, env: { ...process.env, ...withTemp } }).status, 0, args.join(' '));
  const staged = layerplan(['check', '--json'], { cwd: dir, env: withTemp });
  assert.match(staged.stdout, '"LP110"');
  const plain = layerplan(['check', '--json'], { cwd: dir });
  assert.not.match(plain.stdout, 'LP110', 'the real index has nothing staged');
});

t('two workflow steps building the same Dockerfile the same way are one report naming both (umami pushes one build to two registries)', async () => {
  const step = (name: string): string => `      - name: ${name}\n        uses: docker/build-push-action@v6\n        with:\n          context: .\n`;
  const workflow = `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n${step('Push to GHCR')}${step('Push to Docker Hub')}`;
  const dir = tempRepo({ Dockerfile: BAD, 'package.json': '{}', '.github/workflows/ci.yml': workflow, 'README.md': 'a\n' });
  commitAll(dir);
  write(dir, 'README.md', 'b\n');
  git(dir, 'add', 'README.md');
  const report = await checkRepo(opts(dir));
  assert.is(report.reports.length, 1, JSON.stringify(report.reports.map((r) => r.definition)));
  assert.match(report.reports[0]?.definition ?? '', /Push to GHCR.*; .*Push to Docker Hub/);
  assert.ok(report.reports[0]?.findings.some((f) => f.ruleId === 'LP110'));
});

t('a Dockerfile that did not plan at the base either is a note, not an error: dive\'s .data/Dockerfile.* are built from the root', async () => {
  const dir = tempRepo({ 'go.mod': 'module x\n', '.data/Dockerfile.test': 'FROM busybox:1.36\nCOPY go.mod .\n', '.data/a.txt': 'a\n' });
  commitAll(dir);
  write(dir, '.data/a.txt', 'a, edited\n');
  git(dir, 'add', '-A');
  const findings = (await checkRepo(opts(dir))).reports[0]?.findings ?? [];
  assert.equal(findings.map((f) => [f.ruleId, f.severity]), [['LP001', 'info']]);
  assert.match(findings[0]?.message ?? '', /"\.data" as its build context, at the base revision either/);
  assert.match(findings[0]?.fix ?? '', /\.layerplan\.json .*"file": "\.data\/Dockerfile\.test", "context": "\."/);
});

t('a change that makes a planning Dockerfile fail is still LP001, an error', async () => {
  const dir = tempRepo({ 'Dockerfile': 'FROM busybox:1.36\nCOPY go.mod .\n', 'go.mod': 'module x\n' });
  commitAll(dir);
  git(dir, 'rm', '-q', 'go.mod');
  const findings = (await checkRepo(opts(dir))).reports[0]?.findings ?? [];
  assert.equal(findings.map((f) => [f.ruleId, f.severity]), [['LP001', 'error']]);
});

t('a COPY source the staged .dockerignore excludes is LP202, as lint says it, and --ignore LP202 silences it', async () => {
  const dir = tempRepo({ 'Dockerfile': 'FROM busybox:1.36\nCOPY secret.txt .\n', 'secret.txt': 's\n' });
  commitAll(dir);
  write(dir, '.dockerignore', 'secret.txt\n');
  git(dir, 'add', '-A');
  const findings = (await checkRepo(opts(dir))).reports[0]?.findings ?? [];
  assert.equal(findings.map((f) => [f.ruleId, f.line]), [['LP202', 2]]);
  const ignored = await checkRepo(opts(dir, { rules: new Map([['LP202', 'off']]) }));
  assert.equal(ignored.reports[0]?.findings, []);
});

t.run();
