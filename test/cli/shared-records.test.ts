import { appendFileSync, cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { layerplan, repoRoot } from '../_helpers/cli.js';
import { commitAll, git } from '../git/_helpers/git-repo.js';

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

t.run();
