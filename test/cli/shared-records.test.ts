import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cloneWithCiRecords } from '../_helpers/ci-records.js';
import { layerplan, repoRoot } from '../_helpers/cli.js';
import { commitAll, git } from '../git/_helpers/git-repo.js';
import { readRecords, recordsRef, writeRecords } from '../../src/git/records.js';
import { checkBothWays, copyRecords } from '../_helpers/shared-records.js';

const t = suite('cli/shared-records');
const fixture = path.join(repoRoot, 'test', 'fixtures', 'shared-records');
const env = { LAYERPLAN_NO_ENGINE: '1', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e', GIT_CONFIG_GLOBAL: '/dev/null' };

interface JsonPlan { steps: { line: number; status: string; reason: { kind: string; modified?: string[] } | null }[]; comparedWith: { kind: string } }

/** A bare remote; clone "ci" (the project, committed and pushed) and clone "dev" of it, each with its own store. */
function setUp(): { root: string; ci: string; dev: string; remote: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'lp-share-'));
  const remote = path.join(root, 'remote.git');
  git(root, 'init', '-q', '--bare', '-b', 'main', remote);
  const ci = path.join(root, 'ci');
  git(root, 'clone', '-q', remote, ci);
  for (const f of ['Dockerfile', '.dockerignore', 'package.json', 'README.md']) cpSync(path.join(fixture, f), path.join(ci, f));
  commitAll(ci);
  git(ci, 'push', '-q', 'origin', 'HEAD:main');
  const dev = path.join(root, 'dev');
  git(root, 'clone', '-q', remote, dev);
  return { root, ci, dev, remote };
}

const run = (args: string[], cwd: string) => {
  const r = layerplan(args, { cwd, env });
  assert.is(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
  return r;
};

t('CI records a real build and pushes it; another clone pulls and plans against it', () => {
  const { root, ci, dev } = setUp();
  run(['timings', '.', '--log', path.join(fixture, 'build.log'), '--cache-dir', path.join(root, 'ci-cache')], ci);
  assert.match(run(['push', '--as', 'ci', '--cache-dir', path.join(root, 'ci-cache')], ci).stdout, /pushed refs\/layerplan\/ci to origin: 1 new build record, 1 in all/);
  assert.match(run(['pull'], dev).stdout, /pulled from origin: refs\/layerplan\/ci/);
  appendFileSync(path.join(dev, 'README.md'), 'edited on a branch\n');
  const p = JSON.parse(run(['build', '.', '--json', '--against', 'ci', '--cache-dir', path.join(root, 'dev-cache')], dev).stdout) as JsonPlan;
  assert.equal(p.steps.map((s) => [s.line, s.status]), [[1, 'cached'], [2, 'cached'], [3, 'cached'], [4, 'cached'], [5, 'rebuilt']]);
  assert.equal(p.steps[4]!.reason, { kind: 'files-changed', added: [], removed: [], modified: ['README.md'] });
  assert.is(p.comparedWith.kind, 'real-build');
  const md = run(['build', '.', '--against', 'ci', '--format', 'markdown', '--cache-dir', path.join(root, 'dev-cache')], dev).stdout;
  assert.match(md, /against the shared records "ci": 1 real build, pulled /);
  assert.match(md, /\| 5 \| 0 \| `COPY \. \.` \| files changed: README\.md \(modified\) \| 0\.1s \|/);
  // The local store of the dev clone knows nothing: without --against every step is a first build.
  const local = JSON.parse(run(['build', '.', '--json', '--cache-dir', path.join(root, 'dev-cache')], dev).stdout) as JsonPlan;
  assert.is(local.steps.filter((s) => s.status === 'cached').length, 0);
});

t('plans counted with --assume-built are not shared; a name with no records says how to get some', () => {
  const { root, ci, dev } = setUp();
  run(['build', '.', '--json', '--assume-built', '--cache-dir', path.join(root, 'c')], ci);
  const r = layerplan(['push', '--as', 'ci', '--cache-dir', path.join(root, 'c')], { cwd: ci, env });
  assert.is(r.status, 3);
  assert.match(r.stderr, /no real builds of .* to share: build with layerplan build --exec/);
  const missing = layerplan(['build', '.', '--against', 'nope'], { cwd: dev, env });
  assert.is(missing.status, 3);
  assert.match(missing.stderr, /no build records named "nope" .*run layerplan pull/);
  assert.is(layerplan(['push'], { cwd: ci, env }).status, 2);
  assert.ok(readFileSync(path.join(ci, 'README.md'), 'utf8').length > 0);
});

interface CheckJson { dockerfiles: { dockerfile: string; rebuilt: { line: number; files: string[]; seconds?: number }[] }[]; shared: { name: string; builds: number; pulledAt: string | null; unrecorded: string[]; blobs: { cached: number; hashed: number } } }

t('Docker 28.5 records: the committed tree plans all cached against them, without an engine (bases keyed as CI had them)', () => {
  const dir = cloneWithCiRecords();
  const p = JSON.parse(run(['build', '.', '--json', '--against', 'ci', '--cache-dir', `${dir}-store`], dir).stdout) as JsonPlan & { against: { name: string; builds: number; baseIds: Record<string, string> } };
  assert.equal(p.steps.map((s) => s.status), ['cached', 'cached', 'cached', 'cached', 'cached', 'cached', 'cached']);
  assert.is(p.against.builds, 2);
  assert.match(p.against.baseIds['busybox:local'] ?? '', /^sha256:[0-9a-f]{64}$/);
  appendFileSync(path.join(dir, 'app.txt'), 'edited\n');
  const edited = JSON.parse(run(['build', '.', '--json', '--against', 'ci', '--cache-dir', `${dir}-store`], dir).stdout) as JsonPlan;
  assert.equal(edited.steps.map((s) => [s.line, s.status]), [[1, 'cached'], [2, 'cached'], [3, 'cached'], [4, 'rebuilt'], [5, 'rebuilt'], [6, 'rebuilt'], [7, 'rebuilt']]);
  assert.equal(edited.steps[3]!.reason, { kind: 'files-changed', added: [], removed: [], modified: ['app.txt'] });
});

t('check --staged --against ci: what CI will rebuild for the staged tree, from blob ids hashed once and remembered', async () => {
  const dir = cloneWithCiRecords();
  const clean = JSON.parse(run(['check', '--staged', '--against', 'ci', '--json'], dir).stdout) as CheckJson;
  assert.equal(clean.dockerfiles.map((d) => d.rebuilt.length), [0], 'the commit CI built: nothing to rebuild');
  assert.is(clean.shared.blobs.hashed, 6, 'every context file hashed once');
  appendFileSync(path.join(dir, 'app.txt'), 'staged\n');
  git(dir, 'add', 'app.txt');
  appendFileSync(path.join(dir, 'marker'), 'not staged\n');
  const staged = JSON.parse(run(['check', '--staged', '--against', 'ci', '--json'], dir).stdout) as CheckJson;
  assert.equal(staged.dockerfiles[0]!.rebuilt.map((r) => r.line), [4, 5, 6, 7], 'the unstaged marker edit does not count');
  assert.equal(staged.dockerfiles[0]!.rebuilt[0]!.files, ['app.txt']);
  assert.ok((staged.dockerfiles[0]!.rebuilt[1]!.seconds ?? 0) > 0, 'RUN cat /app.txt carries the seconds CI took for it');
  assert.equal([staged.shared.blobs.cached, staged.shared.blobs.hashed], [5, 1], 'only the staged blob is hashed again');
  assert.equal((await checkBothWays(dir, 'ci')).shared.patched, [], 'CI\'s commit is not in this clone: planned in full');
  assert.is(staged.shared.pulledAt, null);
  const text = layerplan(['check', '--staged', '--against', 'ci'], { cwd: dir, env });
  assert.is(text.status, 0);
  assert.is(text.stderr, '', 'the report is on stdout, as every report is');
  assert.match(text.stdout, /^against the shared records "ci": 2 real builds, not pulled with layerplan pull here; newest build 2026-12-01 13:58 UTC \(\d+ (min|h|days) ago\)/);
  assert.match(text.stdout, /Dockerfile \(context \.\): "ci" would rebuild 4 steps, ≈ [\d.]+s by its recorded timings\n\s+rebuilt\s+4\s+COPY app\.txt \/app\.txt\s+files changed: app\.txt \(modified\)/);
  // A revision is still a revision: --against HEAD compares with the commit.
  assert.not.match(layerplan(['check', '--staged', '--against', 'HEAD'], { cwd: dir, env }).stdout, /shared records/);
});

t('the hook asks CI\'s records; in a clone that never pulled them it says so and lets the commit through', () => {
  const { dev } = setUp();
  const missing = layerplan(['check', '--staged', '--against', 'ci'], { cwd: dev, env });
  assert.is(missing.status, 0);
  assert.match(missing.stderr, /no shared records "ci" in this clone yet, and no revision of that name: run layerplan pull; nothing checked/);
  assert.is(layerplan(['check', '--staged', '--against', 'no/such/rev'], { cwd: dev, env }).status, 3, 'a revision that does not resolve is still an error');
  run(['hook', 'install', '--against', 'ci'], dev);
  assert.match(readFileSync(path.join(dev, '.git', 'hooks', 'pre-commit'), 'utf8'), /layerplan" check --staged --against ci\n/);
});

t('explain --against ci: why CI\'s last build missed where it did', () => {
  const dir = cloneWithCiRecords();
  const out = run(['explain', '.', '--against', 'ci'], dir).stdout;
  assert.match(out, /^against the shared records "ci": 2 real builds/);
  assert.match(out, /rebuilt\s+6\s+COPY src\/ \/src\/\s+files changed: src\/two\.txt \(added\)/);
  assert.match(out, /cached\s+5\s+RUN cat \/app\.txt/);
  const none = layerplan(['explain', '.', '--against', 'nope'], { cwd: dir, env });
  assert.is(none.status, 3);
  assert.match(none.stderr, /no build records named "nope"/);
});

/** A BuildKit log of svc/Dockerfile built in full (the shape of build.log). */
const SVC_DOCKERFILE = 'FROM busybox:local\nCOPY app.txt /app.txt\nRUN cat /app.txt\n';
const SVC_LOG = '#1 [1/3] FROM docker.io/library/busybox:local\n#1 DONE 0.0s\n\n#2 [2/3] COPY app.txt /app.txt\n#2 DONE 0.1s\n\n#3 [3/3] RUN cat /app.txt\n#3 DONE 0.4s\n';

/** Two Dockerfiles (the root's context is the repository, svc's its folder), built in the "ci" clone, pushed and pulled by "dev". */
function twoDockerfiles(): { root: string; dev: string } {
  const { root, ci, dev } = setUp();
  writeFileSync(path.join(ci, 'svc-log'), SVC_LOG);
  mkdirSync(path.join(ci, 'svc'));
  writeFileSync(path.join(ci, 'svc', 'app.txt'), 'app\n');
  writeFileSync(path.join(ci, 'svc', 'Dockerfile'), SVC_DOCKERFILE);
  writeFileSync(path.join(ci, '.gitignore'), 'svc-log\n');
  commitAll(ci);
  git(ci, 'push', '-q', 'origin', 'HEAD:main');
  const store = path.join(root, 'ci-cache');
  run(['timings', '.', '--log', path.join(fixture, 'build.log'), '--cache-dir', store], ci);
  run(['timings', 'svc', '--log', path.join(ci, 'svc-log'), '--cache-dir', store], ci);
  run(['push', '--as', 'ci', '--cache-dir', store], ci);
  git(dev, 'pull', '-q', 'origin', 'main');
  run(['pull'], dev);
  return { root, dev };
}

interface SharedJson { dockerfiles: { dockerfile: string; rebuilt: { line: number; files: string[] }[] }[]; shared: { unchanged: string[]; patched: string[]; blobs: { cached: number; hashed: number } } }

t('check --staged --against ci: a Dockerfile whose context, Dockerfile and ignore files are as CI built them is answered from the record, unplanned', async () => {
  const { dev } = twoDockerfiles();
  const build = readRecords(dev, recordsRef('ci')).map((r) => JSON.parse(r.body.toString('utf8')) as { run: { dockerfile: string; git: { commit: string; clean: boolean; contextTree: string; files: Record<string, string | null> } } }).find((b) => b.run.dockerfile === 'svc/Dockerfile')!;
  assert.equal(build.run.git, {
    commit: git(dev, 'rev-parse', 'HEAD').trim(), clean: true, contextTree: git(dev, 'rev-parse', 'HEAD:svc').trim(),
    files: { 'svc/Dockerfile': git(dev, 'rev-parse', 'HEAD:svc/Dockerfile').trim(), 'svc/Dockerfile.dockerignore': null },
  }, 'noted when the build was recorded');
  appendFileSync(path.join(dev, 'README.md'), 'staged\n');
  git(dev, 'add', 'README.md');
  const json = (name: string) => JSON.parse(run(['check', '--staged', '--against', name, '--json'], dev).stdout) as SharedJson;
  const fast = json('ci');
  assert.equal(fast.shared.unchanged, ['svc/Dockerfile']);
  assert.equal(fast.dockerfiles.map((d) => [d.dockerfile, d.rebuilt.map((r) => r.line)]), [['Dockerfile', [5]], ['svc/Dockerfile', []]]);
  assert.is(fast.shared.blobs.cached + fast.shared.blobs.hashed, 7, 'the root context\'s 7 files are digested; svc\'s context is not read');
  assert.equal(fast.shared.patched, [], 'the root build was sent the gitignored svc-log: not clean, planned in full');
  await checkBothWays(dev, 'ci');
  // The same records without the git notes (an older version's): every Dockerfile planned, the same answers.
  copyRecords(dev, 'ci', 'old', (b) => { delete b.run.git; });
  const slow = json('old');
  assert.equal(slow.shared.unchanged, []);
  assert.equal(slow.dockerfiles.map((d) => [d.dockerfile, d.rebuilt.map((r) => r.line)]), [['Dockerfile', [5]], ['svc/Dockerfile', []]]);
  // A commit this clone lacks (a shallow clone): the index's own tree ids are compared.
  copyRecords(dev, 'ci', 'shallow', (b) => { (b.run.git as { commit: string }).commit = '0123456789abcdef0123456789abcdef01234567'; });
  assert.equal(json('shallow').shared.unchanged, ['svc/Dockerfile']);
  // A build from a tree that was not clean is planned.
  copyRecords(dev, 'ci', 'dirty', (b) => { b.run.git = { ...(b.run.git as object), clean: false }; });
  assert.equal(json('dirty').shared.unchanged, []);
  // A staged edit inside svc's context: planned, and it names the file.
  appendFileSync(path.join(dev, 'svc', 'app.txt'), 'staged\n');
  git(dev, 'add', 'svc/app.txt');
  const edited = json('ci');
  assert.equal(edited.shared.unchanged, []);
  assert.equal(edited.dockerfiles[1]!.rebuilt.map((r) => [r.line, r.files]), [[2, ['app.txt']], [3, []]]);
  assert.equal(edited.shared.patched, ['svc/Dockerfile'], 'svc\'s build was clean: its selections with app.txt put in');
  assert.equal((await checkBothWays(dev, 'ci')).shared.patched, ['svc/Dockerfile']);
  assert.equal(json('shallow').shared.unchanged, [], 'the tree ids differ too');
});

t('pull --keep N / --max-age AGE bound the local copy; a pull without them brings the rest back', () => {
  const { root, ci, dev } = setUp();
  const store = path.join(root, 'ci-cache');
  for (let i = 0; i < 3; i++) run(['timings', '.', '--log', path.join(fixture, 'build.log'), '--cache-dir', store], ci);
  assert.match(run(['push', '--as', 'ci', '--cache-dir', store], ci).stdout, /3 new build records, 3 in all/);
  const builds = () => (JSON.parse(run(['build', '.', '--json', '--against', 'ci', '--cache-dir', path.join(root, 'dev-cache')], dev).stdout) as { against: { builds: number } }).against.builds;
  run(['pull', '--keep', '1'], dev);
  assert.is(builds(), 1);
  run(['pull', '--max-age', '2h'], dev);
  assert.is(builds(), 3, 'all three are minutes old');
  run(['pull', '--keep', '2', '--max-age', '30d'], dev);
  assert.is(builds(), 2);
  run(['pull'], dev);
  assert.is(builds(), 3);
  for (const bad of [['--keep', '0'], ['--max-age', '3x'], ['--max-age', '0d']]) {
    const r = layerplan(['pull', ...bad], { cwd: dev, env });
    assert.is(r.status, 2, bad.join(' '));
    assert.match(r.stderr, bad[0] === '--keep' ? /--keep takes a whole number/ : /--max-age takes an age such as 30d, 12h, 90m or 2w/);
  }
});

t.run();
