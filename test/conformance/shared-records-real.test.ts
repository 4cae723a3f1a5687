/**
 * Build records shared through git, against Docker Engine 28.5 (npm run test:conformance): a bare remote and
 * clones of it on this machine. Clone A ("CI") builds twice for real with `build --exec` and pushes its
 * records as refs/layerplan/ci; clone B pulls, plans against them (`build --against ci`, `check --staged
 * --against ci`), then builds for real on the same engine, whose cache is the one A filled, so what the
 * builder did is the truth the predictions are held to. Also: pushes from two clones at once both land,
 * and the records survive `git gc` and reach a shallow clone. Every build carries a fresh marker (the
 * engine's cache is shared with other builds). With LAYERPLAN_WRITE_FIXTURES=1 the project and A's
 * records are written to test/fixtures/shared-records/docker28/ for the plain tests.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { layerplan, repoRoot } from '../_helpers/cli.js';
import { engineAvailable } from '../../src/engine/index.js';
import { git } from '../git/_helpers/git-repo.js';
import { checkBothWays } from '../_helpers/shared-records.js';

const test = suite('conformance/shared-records-real');
const D28 = { DOCKER_HOST: 'unix:///tmp/d28/docker.sock', DOCKER_CONFIG: '/tmp/d28/cfg', LAYERPLAN_DOCKER: '/tmp/d28/bin/docker' };
const ENV = { ...D28, GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' };
const FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'shared-records', 'docker28');
let docker: string | null = 'not checked';

test.before(async () => {
  if (!existsSync(D28.LAYERPLAN_DOCKER)) docker = `${D28.LAYERPLAN_DOCKER} is absent (run ../shared/builders/setup-docker.sh)`;
  else if (!(await engineAvailable({ DOCKER_HOST: D28.DOCKER_HOST }))) docker = `no Docker Engine answers at ${D28.DOCKER_HOST} (run ../shared/builders/setup-docker.sh)`;
  else docker = null;
});

interface Step { line: number; status: string; actual?: string | null; reason: { kind: string; modified?: string[] } | null }
interface Plan { steps: Step[] }

const DOCKERFILE = 'FROM busybox:local\nCOPY marker /m\nRUN echo MARKER > /b\nCOPY app.txt /app.txt\nRUN cat /app.txt\nCOPY src/ /src/\nRUN ls /src\n';

function run(args: string[], cwd: string): string {
  const r = layerplan(args, { cwd, env: ENV });
  assert.is(r.status, 0, `layerplan ${args.join(' ')} (in ${cwd}): ${r.stderr}`);
  return r.stdout;
}

/** A real build of the clone, recorded in its own store. */
function exec(clone: string, store: string): Plan {
  return JSON.parse(run(['build', '.', '--exec', '--json', '--cache-dir', store, '--', '--network', 'none'], clone)) as Plan;
}

const statuses = (p: Plan): [number, string][] => p.steps.map((s) => [s.line, s.status]);
const actuals = (p: Plan): [number, string | null | undefined][] => p.steps.filter((s) => s.line > 1).map((s) => [s.line, s.actual]);

function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, body] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), body);
  }
}

function pushAsync(clone: string, store: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'layerplan'), 'push', '--as', 'ci', '--cache-dir', store], { cwd: clone, env: { ...process.env, ...ENV } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

test('CI builds twice and pushes; another clone pulls, plans against it, and its real build agrees', async () => {
  if (docker !== null) {
    console.log(`SKIP conformance/shared-records-real: ${docker}`);
    return;
  }
  const root = mkdtempSync('/tmp/lp-share-real-');
  const marker = randomBytes(8).toString('hex');
  const remote = path.join(root, 'remote.git');
  git(root, 'init', '-q', '--bare', '-b', 'main', remote);
  const a = path.join(root, 'a');
  git(root, 'clone', '-q', remote, a);
  writeFiles(a, { Dockerfile: DOCKERFILE.replace('MARKER', marker), '.dockerignore': '.git\n', marker: `${marker}\n`, 'app.txt': 'app\n', 'src/one.txt': 'one\n' });
  git(a, 'add', '-A');
  git(a, 'commit', '-qm', 'first');
  const first = exec(a, path.join(root, 'store-a'));
  assert.equal(actuals(first), [[2, 'rebuilt'], [3, 'rebuilt'], [4, 'rebuilt'], [5, 'rebuilt'], [6, 'rebuilt'], [7, 'rebuilt']], 'a fresh marker: nothing of it is cached anywhere');
  writeFiles(a, { 'src/two.txt': 'two\n' });
  git(a, 'add', '-A');
  git(a, 'commit', '-qm', 'second');
  const second = exec(a, path.join(root, 'store-a'));
  assert.equal(actuals(second), [[2, 'cached'], [3, 'cached'], [4, 'cached'], [5, 'cached'], [6, 'rebuilt'], [7, 'rebuilt']]);
  git(a, 'push', '-q', 'origin', 'HEAD:main');
  assert.match(run(['push', '--as', 'ci', '--cache-dir', path.join(root, 'store-a')], a), /pushed refs\/layerplan\/ci to origin: 2 new build records, 2 in all/);
  if (process.env.LAYERPLAN_WRITE_FIXTURES) saveFixture(a);

  // Clone B: the same commit plans all cached against CI's records; an edit of app.txt rebuilds from line 4.
  const b = path.join(root, 'b');
  git(root, 'clone', '-q', remote, b);
  assert.match(run(['pull'], b), /pulled from origin: refs\/layerplan\/ci/);
  const noEngine = { ...ENV, LAYERPLAN_NO_ENGINE: '1' };
  const same = JSON.parse(layerplan(['build', '.', '--against', 'ci', '--json', '--cache-dir', path.join(root, 'store-b')], { cwd: b, env: noEngine }).stdout) as Plan;
  assert.equal(statuses(same).map(([, s]) => s), ['cached', 'cached', 'cached', 'cached', 'cached', 'cached', 'cached'], 'no engine: the bases are keyed as CI had them');
  writeFileSync(path.join(b, 'app.txt'), 'app, edited in b\n');
  const against = JSON.parse(run(['build', '.', '--against', 'ci', '--json', '--cache-dir', path.join(root, 'store-b')], b)) as Plan;
  assert.equal(statuses(against), [[1, 'cached'], [2, 'cached'], [3, 'cached'], [4, 'rebuilt'], [5, 'rebuilt'], [6, 'rebuilt'], [7, 'rebuilt']]);
  assert.equal(against.steps[3]!.reason, { kind: 'files-changed', added: [], removed: [], modified: ['app.txt'] });
  git(b, 'add', 'app.txt');
  const check = JSON.parse(run(['check', '--staged', '--against', 'ci', '--json'], b)) as { dockerfiles: { rebuilt: { line: number; files: string[] }[] }[]; shared: { name: string; pulledAt: string | null } };
  assert.equal(check.dockerfiles[0]!.rebuilt.map((r) => r.line), [4, 5, 6, 7]);
  assert.equal(check.dockerfiles[0]!.rebuilt[0]!.files, ['app.txt']);
  assert.ok(check.shared.pulledAt, 'the report says when the records were pulled');
  // A's second build was clean: the index side is its recorded selections with app.txt put in, as the full derivation has it.
  assert.equal((await checkBothWays(b, 'ci')).shared.patched, ['Dockerfile']);
  // B's real build on the same engine (whose cache A filled): the builder agrees with the plan step for step.
  const real = exec(b, path.join(root, 'store-b'));
  assert.equal(actuals(real), [[2, 'cached'], [3, 'cached'], [4, 'rebuilt'], [5, 'rebuilt'], [6, 'rebuilt'], [7, 'rebuilt']]);
  const explained = run(['explain', '.', '--against', 'ci'], b);
  assert.match(explained, /against the shared records "ci": 2 real builds, pulled/);
  assert.match(explained, /rebuilt\s+6\s+COPY src\/ \/src\/\s+files changed: src\/two\.txt \(added\)/);

  // Two pushes at once, from A (a third real build) and from B: both land.
  writeFiles(a, { 'src/three.txt': 'three\n' });
  exec(a, path.join(root, 'store-a'));
  const [pa, pb] = await Promise.all([pushAsync(a, path.join(root, 'store-a')), pushAsync(b, path.join(root, 'store-b'))]);
  assert.is(pa.status, 0, pa.stderr);
  assert.is(pb.status, 0, pb.stderr);
  const c = path.join(root, 'c');
  git(root, 'clone', '-q', remote, c);
  run(['pull'], c);
  assert.is(git(c, 'ls-tree', '--name-only', 'refs/layerplan/ci', 'records/').trim().split('\n').length, 4, `${pa.stdout}${pb.stdout}`);

  // git gc on the remote, then a shallow clone fetching refs/layerplan/*: the records are all there and plan.
  git(remote, 'gc', '-q', '--prune=now');
  const shallow = path.join(root, 'shallow');
  git(root, 'clone', '-q', '--depth', '1', `file://${remote}`, shallow);
  git(shallow, 'fetch', '-q', 'origin', 'refs/layerplan/*:refs/layerplan/*');
  assert.is(git(shallow, 'ls-tree', '--name-only', 'refs/layerplan/ci', 'records/').trim().split('\n').length, 4);
  const fromShallow = JSON.parse(run(['build', '.', '--against', 'ci', '--json', '--cache-dir', path.join(root, 'store-s')], shallow)) as Plan;
  assert.equal(fromShallow.steps.slice(0, 5).map((s) => s.status), ['cached', 'cached', 'cached', 'cached', 'cached']);
  rmSync(root, { recursive: true, force: true });
});

/** The project as A committed it and A's records (one file per tree entry), for test/cli/shared-records-docker28. */
function saveFixture(a: string): void {
  rmSync(FIXTURE, { recursive: true, force: true });
  for (const f of ['Dockerfile', '.dockerignore', 'marker', 'app.txt', 'src/one.txt', 'src/two.txt']) {
    writeFiles(path.join(FIXTURE, 'project'), { [f]: git(a, 'show', `HEAD:${f}`) });
  }
  for (const entry of git(a, 'ls-tree', '-r', '--name-only', 'refs/layerplan/ci').trim().split('\n')) {
    writeFiles(path.join(FIXTURE, 'refs-layerplan-ci'), { [entry]: git(a, 'show', `refs/layerplan/ci:${entry}`) });
  }
}

test.run();
