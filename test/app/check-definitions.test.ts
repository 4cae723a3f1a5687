/** `check` plans each Dockerfile as its compose service, bake target or workflow step builds it. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { checkRepo, type CheckOptions } from '../../src/app/check.js';
import { lintRepo } from '../../src/app/lint.js';
import { fixRepo } from '../../src/app/fix.js';
import { ConfigError } from '../../src/project/config.js';
import { commitAll, git, tempRepo, write } from '../git/_helpers/git-repo.js';

const t = suite('app/check-definitions');

function opts(cwd: string, more: Partial<CheckOptions> = {}): CheckOptions {
  return { cwd, arch: 'x64', against: 'HEAD', files: [], context: null, exclude: [], config: null, rules: new Map(), env: {}, derivation: 'both', ...more };
}

/** The voting app's vote service, as its compose file builds it (target: dev), with a file only dev copies. */
const VOTE = [
  'FROM busybox:local AS base',
  'WORKDIR /usr/local/app',
  'COPY requirements.txt ./',
  'RUN echo install',
  'FROM base AS dev',
  'COPY dev-tools.txt ./',
  'RUN echo watchdog',
  'FROM base AS final',
  'COPY app.py ./',
  'RUN echo final',
  '',
].join('\n');
const COMPOSE = 'services:\n  vote:\n    build:\n      context: ./vote\n      target: dev\n  redis:\n    image: redis:alpine\n';

function votingRepo(): string {
  const dir = tempRepo({ 'docker-compose.yml': COMPOSE, 'vote/Dockerfile': VOTE, 'vote/requirements.txt': 'flask\n', 'vote/dev-tools.txt': 'watchdog\n', 'vote/app.py': 'print(1)\n' });
  commitAll(dir);
  return dir;
}

t('compose builds vote with target dev: a staged edit of a file only dev copies is reported; the final stage is not planned', async () => {
  const dir = votingRepo();
  write(dir, 'vote/dev-tools.txt', 'watchdog==4\n');
  git(dir, 'add', '-A');
  const report = await checkRepo(opts(dir));
  assert.is(report.reports.length, 1);
  const r = report.reports[0];
  assert.is(r?.definition, 'service "vote"');
  assert.equal(r?.rebuilt.map((s) => s.instruction), ['COPY dev-tools.txt ./', 'RUN echo watchdog']);
  assert.ok(!r?.rebuilt.some((s) => s.line >= 8), 'nothing of the final stage');
});

t('an edit only the final stage copies rebuilds nothing that compose builds', async () => {
  const dir = votingRepo();
  write(dir, 'vote/app.py', 'print(2)\n');
  git(dir, 'add', '-A');
  const report = await checkRepo(opts(dir));
  assert.equal(report.reports.flatMap((r) => r.rebuilt), []);
});

t('--target and --build-arg win over the definition\'s; --service picks one build, an unknown one is named', async () => {
  const dir = votingRepo();
  write(dir, 'vote/app.py', 'print(2)\n');
  git(dir, 'add', '-A');
  const final = await checkRepo(opts(dir, { target: 'final' }));
  assert.equal(final.reports[0]?.rebuilt.map((s) => s.instruction), ['COPY app.py ./', 'RUN echo final']);
  const picked = await checkRepo(opts(dir, { services: ['vote'], target: 'final' }));
  assert.is(picked.reports.length, 1);
  try {
    await checkRepo(opts(dir, { services: ['nope'] }));
    assert.unreachable();
  } catch (err) {
    assert.instance(err, ConfigError);
    assert.match((err as Error).message, /no build definition named "nope" \(defined: vote\)/);
  }
});

t('the compose file is read as staged: an unstaged target change is not seen, a staged one is planned against the old target', async () => {
  const dir = votingRepo();
  write(dir, 'docker-compose.yml', COMPOSE.replace('target: dev', 'target: final'));
  const unstaged = await checkRepo(opts(dir));
  assert.equal(unstaged.reports, [], 'nothing staged: nothing planned, though the working tree says final');
  git(dir, 'add', 'docker-compose.yml');
  const staged = await checkRepo(opts(dir));
  assert.is(staged.reports.length, 1);
  // The commit makes compose build final instead of dev: final's steps are new to the cache.
  assert.equal(staged.reports[0]?.rebuilt.map((s) => s.instruction), ['COPY app.py ./', 'RUN echo final']);
});

t('a staged edit of compose args rebuilds from the step that reads the arg', async () => {
  const dir = tempRepo({ 'compose.yaml': 'services:\n  app:\n    build:\n      context: .\n      args: {V: "1"}\n', Dockerfile: 'FROM busybox:local\nRUN echo base\nARG V\nRUN echo $V\n' });
  commitAll(dir);
  write(dir, 'compose.yaml', 'services:\n  app:\n    build:\n      context: .\n      args: {V: "2"}\n');
  git(dir, 'add', '-A');
  const report = await checkRepo(opts(dir));
  assert.equal(report.reports[0]?.rebuilt.map((s) => s.instruction), ['RUN echo $V']);
  assert.is(report.reports[0]?.rebuilt[0]?.reason?.kind, 'env-changed', 'V is in the environment of the RUN step');
});

t('lint reads each definition with its own target: each report names its service; a stage compose asks for that does not exist is LP001', () => {
  const dir = tempRepo({ 'compose.yaml': 'services:\n  a:\n    build: {context: ., target: dev}\n  b:\n    build: {context: ., target: prod}\n', Dockerfile: 'FROM busybox:local AS dev\nWORKDIR /app\nCOPY . .\nRUN npm ci\n', 'package.json': '{}\n', 'package-lock.json': '{}\n' });
  commitAll(dir);
  const report = lintRepo(opts(dir), () => null);
  assert.equal(report.reports.map((r) => r.definition), ['service "a"', 'service "b"']);
  assert.equal(report.reports[0]?.findings.filter((f) => f.ruleId === 'LP001'), []);
  const missing = report.reports[1]?.findings.find((f) => f.ruleId === 'LP001');
  assert.ok(missing, 'prod is not a stage: the real build fails');
  assert.match(missing?.message ?? '', /prod/);
  // fix rewrites a file once, however many definitions build it.
  const fixed = fixRepo(opts(dir), false, () => null);
  assert.is(fixed.patches.flat().filter((p) => p.file === 'Dockerfile').length, 1);
});

t('.layerplan.json: target and args per Dockerfile are honoured; an unknown key is an error naming it', async () => {
  const dir = tempRepo({ 'app/Dockerfile': 'FROM busybox:local AS dev\nARG V\nRUN echo $V\nFROM busybox:local\nCOPY x ./\n', 'app/x': '1\n' });
  write(dir, '.layerplan.json', JSON.stringify({ dockerfiles: [{ file: 'app/Dockerfile', target: 'dev', args: { V: '1' } }] }));
  commitAll(dir);
  write(dir, '.layerplan.json', JSON.stringify({ dockerfiles: [{ file: 'app/Dockerfile', target: 'dev', args: { V: '2' } }] }));
  write(dir, 'app/x', '2\n');
  git(dir, 'add', '-A');
  const report = await checkRepo(opts(dir, { files: [`${dir}/app/Dockerfile`] }));
  // x changed but dev does not copy it; the V of the config is used (no rebuild from the edit of x).
  assert.equal(report.reports[0]?.rebuilt, []);
  write(dir, '.layerplan.json', JSON.stringify({ dockerfiles: [{ file: 'app/Dockerfile', tagret: 'dev' }] }));
  try {
    await checkRepo(opts(dir));
    assert.unreachable();
  } catch (err) {
    assert.instance(err, ConfigError);
    assert.match((err as Error).message, /unknown key "tagret"/);
  }
});

t.run();
