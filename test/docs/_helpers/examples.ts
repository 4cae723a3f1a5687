/**
 * The producers of the example output shown in README.md and docs/: each runs the real CLI (or renders
 * the real view) on a scratch copy of a project and returns the text of one fenced block, command lines
 * included. Scratch paths are shown as /home/me, so the text is the same on every machine; no engine
 * answers (DOCKER_HOST points at no socket) unless the producer starts the fake one.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { render } from 'ink-testing-library';
import { createElement } from 'react';
import { layerplan, repoRoot } from '../../_helpers/cli.js';
import { sequence } from '../../_helpers/plan.js';
import { commitAll, git } from '../../git/_helpers/git-repo.js';
import { recordsRef, writeRecords } from '../../../src/git/records.js';
import { diffId, layerplanAsync, startFakeEngine } from '../../layers/_helpers/fake-engine.js';
import { App } from '../../../src/views/tui/App.js';
import { HistoryApp } from '../../../src/views/tui/HistoryApp.js';
import { ImageApp } from '../../../src/views/tui/ImageApp.js';
import { readImage } from '../../../src/image/read-image.js';
import { buildImageReport } from '../../../src/image/report.js';
import { dockerfileSteps } from '../../../src/image/dockerfile-steps.js';
import { diffRuns, previousRun } from '../../../src/plan/run-history.js';
import { recordedRuns } from '../../views/plan-fixtures.js';
import { driven } from '../../views/tui/settle.js';

import { COMPOSE_EXAMPLES } from './compose-examples.js';

export type Producer = () => Promise<string>;

const HOME = '/home/me';
const NO_ENGINE = 'unix:///nonexistent/docker.sock';
/** Records carry the wall-clock time they were made; the docs show this one instead. */
const SHOWN_ISO = '2026-12-01T09:30:00.000Z';
const SHOWN_TIME = '2026-12-01 09:30 UTC';

/** A scratch folder shown as /home/me, with the store at /home/me/.cache/layerplan. */
export class Scratch {
  readonly root = realpathSync(mkdtempSync(path.join(tmpdir(), 'lp-docs-')));
  readonly cache = path.join(this.root, '.cache', 'layerplan');
  private readonly shown: string[] = [];

  /** Copies examples-dockerfiles/NAME to ./examples-dockerfiles/NAME. */
  example(name: string): string {
    const rel = path.join('examples-dockerfiles', name);
    cpSync(path.join(repoRoot, rel), path.join(this.root, rel), { recursive: true });
    return rel;
  }

  write(rel: string, text: string): void {
    mkdirSync(path.dirname(path.join(this.root, rel)), { recursive: true });
    writeFileSync(path.join(this.root, rel), text);
  }

  /** A step the reader would do by hand, shown as a command and done here. */
  shell(command: string, act: () => void): void {
    act();
    this.shown.push(`$ ${command}`);
  }

  /** Runs `layerplan ARGS` in the scratch folder; `hidden` runs are done but not shown, `quiet` ones shown without output. */
  run(args: string[], opts: { shownAs?: string; hidden?: boolean; quiet?: boolean; cwd?: string; env?: Record<string, string> } = {}): string {
    const r = layerplan(args, { cwd: path.join(this.root, opts.cwd ?? ''), env: this.env(opts.env) });
    if (opts.hidden) return r.stdout;
    this.shown.push(`$ ${opts.shownAs ?? `layerplan ${args.join(' ')}`}`);
    if (!opts.quiet) this.shown.push(`${r.stdout}${r.stderr}`.replace(/\n$/, ''));
    return r.stdout;
  }

  async runAsync(args: string[], env: Record<string, string>, shownAs?: string): Promise<void> {
    const r = await layerplanAsync(args.map((a) => (a === '.' ? this.root : a)), this.env(env));
    this.shown.push(`$ ${shownAs ?? `layerplan ${args.join(' ')}`}`, `${r.stdout}${r.stderr}`.replace(/\n$/, ''));
  }

  env(extra: Record<string, string> = {}): Record<string, string> {
    return { LAYERPLAN_CACHE_DIR: this.cache, DOCKER_HOST: NO_ENGINE, HOME: this.root, ...extra };
  }

  /** Everything shown, scratch paths as /home/me and the times of records as SHOWN_TIME; the folder is removed. */
  done(): string {
    rmSync(this.root, { recursive: true, force: true });
    // The test's fake engine listens on a fresh socket each run: shown as the default socket.
    const text = this.shown.join('\n').split(this.root).join(HOME).replace(/unix:\/\/\/tmp\/lp-fake-engine-[^/\s]+\/docker\.sock/g, 'unix:///var/run/docker.sock');
    return `${text.replace(/\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z(-\d+)?/g, (_, _ms, pid) => (pid ? `${SHOWN_ISO}-4242` : SHOWN_ISO)).replace(/\b\d{4}-\d\d-\d\d \d\d:\d\d UTC\b/g, SHOWN_TIME)}\n`;
  }
}

const node = 'examples-dockerfiles/node-bad-order';

/** node-bad-order planned and counted as built, then its README edited: the plan of the next build. */
function readmeEdited(s: Scratch, opts: { show: boolean }): void {
  s.example('node-bad-order');
  s.run(['build', node, '--assume-built'], opts.show ? { quiet: true, shownAs: `npx layerplan build ${node} --assume-built > /dev/null` } : { hidden: true });
  const edit = (): void => appendFileSync(path.join(s.root, node, 'README.md'), 'typo fix\n');
  if (opts.show) s.shell(`echo "typo fix" >> ${node}/README.md`, edit);
  else edit();
}

async function buildReadmeEdit(): Promise<string> {
  const s = new Scratch();
  readmeEdited(s, { show: true });
  s.run(['build', node], { shownAs: `npx layerplan build ${node}` });
  return s.done();
}

async function buildFirst(): Promise<string> {
  const s = new Scratch();
  s.example('node-bad-order');
  s.run(['build', node]);
  return s.done();
}

async function buildJson(): Promise<string> {
  const s = new Scratch();
  readmeEdited(s, { show: false });
  s.run(['build', node, '--json']);
  return s.done();
}

async function buildMarkdown(): Promise<string> {
  const s = new Scratch();
  readmeEdited(s, { show: false });
  s.run(['build', node, '--format', 'markdown']);
  return s.done();
}

async function buildTarget(): Promise<string> {
  const s = new Scratch();
  const go = s.example('go-multistage');
  s.run(['build', go, '--target', 'build']);
  return s.done();
}

/** One Dockerfile, a LABEL edited above the RUN: BuildKit keeps the layers, buildah rebuilds from the LABEL on. */
async function builderLabel(builder: 'buildkit' | 'buildah'): Promise<string> {
  const s = new Scratch();
  s.write('app/a.txt', 'a\n');
  s.write('app/Dockerfile', 'FROM busybox:1.36\nLABEL version=1\nCOPY a.txt /a.txt\nRUN wc -c /a.txt > /size\n');
  s.run(['build', 'app', '--builder', builder, '--assume-built'], { hidden: true });
  s.shell(`sed -i s/version=1/version=2/ app/Dockerfile`, () => s.write('app/Dockerfile', 'FROM busybox:1.36\nLABEL version=2\nCOPY a.txt /a.txt\nRUN wc -c /a.txt > /size\n'));
  s.run(['build', 'app', '--builder', builder]);
  return s.done();
}

const NODE_DOCKERFILE = 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node", "src/server.js"]\n';
const NODE_FILES = { 'package.json': '{"name":"app"}\n', 'src/server.js': 'console.log(1)\n', 'README.md': '# app\n' };
const ENTER = '\r';

/** The build view of the README edit, at 80 columns: the list, then the detail of the selected step. */
async function tuiBuild(detail: boolean): Promise<string> {
  const { plans } = sequence([{ dockerfile: NODE_DOCKERFILE, files: NODE_FILES }, { dockerfile: NODE_DOCKERFILE, files: { ...NODE_FILES, 'README.md': '# app\ntypo fix\n' } }]);
  const app = await driven(render(createElement(App, { plan: plans[1]!, bases: new Map(), width: 80, height: 24, color: false, onExit: () => {} })));
  const frame = detail ? await app.press(ENTER) : app.frame();
  app.unmount();
  return `${frame.replace(/\s+$/, '')}\n`;
}

/** history over three recorded runs (first build; README edit and a new file; VERSION=2): the timeline, then `d`. */
async function tuiHistory(diff: boolean): Promise<string> {
  const { runs, selection } = recordedRuns();
  const diffs = runs.map((r, i) => {
    const older = previousRun(runs, i);
    return older ? diffRuns(older, r, selection) : null;
  });
  const app = await driven(render(createElement(HistoryApp, { contextDir: '/ctx', runs, diffs, bases: new Map(), width: 80, height: 30, color: false, onExit: () => {} })));
  const frame = diff ? await app.press('d') : app.frame();
  app.unmount();
  return `${frame.replace(/\s+$/, '')}\n`;
}

/** A git repository holding node-bad-order, committed, then a README edit staged. */
function repoWithStagedEdit(s: Scratch): void {
  s.write('Dockerfile', NODE_DOCKERFILE.replace('CMD', 'RUN npm run build\nCMD'));
  for (const [rel, text] of Object.entries({ ...NODE_FILES, 'package-lock.json': '{}\n' })) s.write(rel, text);
  git(s.root, 'init', '-q', '-b', 'main');
  commitAll(s.root);
  s.shell('echo "typo fix" >> README.md && git add README.md', () => {
    appendFileSync(path.join(s.root, 'README.md'), 'typo fix\n');
    git(s.root, 'add', 'README.md');
  });
}

async function checkReadmeEdit(): Promise<string> {
  const s = new Scratch();
  repoWithStagedEdit(s);
  s.run(['check']);
  return s.done();
}

async function lintRepo(): Promise<string> {
  const s = new Scratch();
  s.write('Dockerfile', 'FROM debian:latest\nRUN apt-get update\nRUN apt-get install -y curl\nCOPY . /src\nADD https://example.com/tool.tgz /opt/\n');
  s.write('node_modules/left-pad/index.js', 'module.exports = 1\n');
  git(s.root, 'init', '-q', '-b', 'main');
  git(s.root, 'add', 'Dockerfile');
  s.run(['lint']);
  return s.done();
}

async function fixDiff(): Promise<string> {
  const s = new Scratch();
  s.write('Dockerfile', NODE_DOCKERFILE);
  for (const [rel, text] of Object.entries({ ...NODE_FILES, 'package-lock.json': '{}\n' })) s.write(rel, text);
  git(s.root, 'init', '-q', '-b', 'main');
  commitAll(s.root);
  s.run(['fix']);
  return s.done();
}

async function timingsRecord(): Promise<string> {
  const s = new Scratch();
  cpSync(path.join(repoRoot, 'test/fixtures/timings/multi-stage'), path.join(s.root, 'app'), { recursive: true });
  const log = path.join(s.root, 'app', 'first-build.log');
  s.run(['timings', 'app', '--log', log], { shownAs: 'layerplan timings app --log build.log' });
  s.shell('echo two > app/a.txt', () => s.write('app/a.txt', 'two\n'));
  s.run(['build', 'app']);
  return s.done();
}

const GIT_ENV = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e', GIT_CONFIG_GLOBAL: '/dev/null' };

/** A bare remote and clone `ci` of it holding `files` (committed, pushed with `refs`); `before` runs before the push. */
function ciRemote(s: Scratch, files: (ci: string) => void, refs: string[] = [], before: (ci: string) => void = () => {}): string {
  git(s.root, 'init', '-q', '--bare', '-b', 'main', 'remote.git');
  git(s.root, 'clone', '-q', 'remote.git', 'ci');
  const ci = path.join(s.root, 'ci');
  files(ci);
  commitAll(ci);
  before(ci);
  git(ci, 'push', '-q', 'origin', 'HEAD:main', ...refs);
  git(s.root, 'clone', '-q', 'remote.git', 'app');
  return ci;
}

/** CI records a real build (its log) and pushes it; another clone pulls, edits README.md and plans against CI's records. */
async function sharedRecords(): Promise<string> {
  const s = new Scratch();
  const fixture = path.join(repoRoot, 'test/fixtures/shared-records');
  const gitEnv = GIT_ENV;
  ciRemote(s, (ci) => {
    for (const f of ['Dockerfile', '.dockerignore', 'package.json', 'README.md']) cpSync(path.join(fixture, f), path.join(ci, f));
  });
  s.run(['timings', '.', '--log', path.join(fixture, 'build.log'), '--cache-dir', path.join(s.root, 'ci-cache')], { cwd: 'ci', hidden: true, env: gitEnv });
  s.run(['push', '--as', 'ci', '--cache-dir', path.join(s.root, 'ci-cache')], { cwd: 'ci', hidden: true, env: gitEnv });
  s.run(['pull'], { cwd: 'app', env: gitEnv });
  s.shell('echo more >> README.md', () => appendFileSync(path.join(s.root, 'app', 'README.md'), 'more\n'));
  s.run(['build', '.', '--against', 'ci', '--format', 'markdown'], { cwd: 'app', env: gitEnv });
  return s.done();
}

/** CI's two real Docker 28.5 builds (test/fixtures/shared-records/docker28) pushed to a remote; a clone pulls them, stages an edit and asks the hook's question. */
async function sharedCheck(): Promise<string> {
  const s = new Scratch();
  const fixture = path.join(repoRoot, 'test/fixtures/shared-records/docker28');
  const gitEnv = GIT_ENV;
  const read = (sub: string) => readdirSync(path.join(fixture, 'refs-layerplan-ci', sub)).map((name) => ({ name, body: readFileSync(path.join(fixture, 'refs-layerplan-ci', sub, name)) }));
  ciRemote(s, (ci) => cpSync(path.join(fixture, 'project'), ci, { recursive: true }), ['refs/layerplan/ci:refs/layerplan/ci'], (ci) => {
    writeRecords(ci, recordsRef('ci'), read('records'), { selections: read('selections'), now: new Date(), message: 'CI records' });
  });
  s.run(['pull'], { cwd: 'app', env: gitEnv });
  s.shell('echo v2 >> app.txt && git add app.txt', () => {
    appendFileSync(path.join(s.root, 'app', 'app.txt'), 'v2\n');
    git(path.join(s.root, 'app'), 'add', 'app.txt');
  });
  s.run(['check', '--staged', '--against', 'ci'], { cwd: 'app', env: gitEnv });
  return s.done();
}

/** CI records real builds (logs read by timings) of the root Dockerfile and svc/'s, pushes them; a clone pulls, stages a README edit and asks the hook's question: svc/ is answered from its record. */
async function sharedUnchanged(): Promise<string> {
  const s = new Scratch();
  const fixture = path.join(repoRoot, 'test/fixtures/shared-records');
  const svcLog = '#1 [1/3] FROM docker.io/library/busybox:local\n#1 DONE 0.0s\n\n#2 [2/3] COPY app.txt /app.txt\n#2 DONE 0.1s\n\n#3 [3/3] RUN cat /app.txt\n#3 DONE 0.4s\n';
  const ci = ciRemote(s, (dir) => {
    for (const f of ['Dockerfile', '.dockerignore', 'package.json', 'README.md']) cpSync(path.join(fixture, f), path.join(dir, f));
    mkdirSync(path.join(dir, 'svc'));
    writeFileSync(path.join(dir, 'svc', 'Dockerfile'), 'FROM busybox:local\nCOPY app.txt /app.txt\nRUN cat /app.txt\n');
    writeFileSync(path.join(dir, 'svc', 'app.txt'), 'app\n');
  });
  writeFileSync(path.join(s.root, 'svc.log'), svcLog);
  const store = path.join(s.root, 'ci-cache');
  s.run(['timings', '.', '--log', path.join(fixture, 'build.log'), '--cache-dir', store], { cwd: 'ci', hidden: true, env: GIT_ENV });
  s.run(['timings', 'svc', '--log', path.join(s.root, 'svc.log'), '--cache-dir', store], { cwd: 'ci', hidden: true, env: GIT_ENV });
  s.run(['push', '--as', 'ci', '--cache-dir', store], { cwd: 'ci', hidden: true, env: GIT_ENV });
  void ci;
  s.run(['pull', '--keep', '50'], { cwd: 'app', env: GIT_ENV });
  s.shell('echo more >> README.md && git add README.md', () => {
    appendFileSync(path.join(s.root, 'app', 'README.md'), 'more\n');
    git(path.join(s.root, 'app'), 'add', 'README.md');
  });
  s.run(['check', '--staged', '--against', 'ci'], { cwd: 'app', env: GIT_ENV });
  return s.done();
}

async function inspectArchive(): Promise<string> {
  const s = new Scratch();
  cpSync(path.join(repoRoot, 'test/fixtures/images/docker-save-buildkit.tar'), path.join(s.root, 'app.tar'));
  cpSync(path.join(repoRoot, 'test/fixtures/images/src/Dockerfile'), path.join(s.root, 'Dockerfile'));
  s.run(['inspect', 'app.tar', '-f', 'Dockerfile']);
  return s.done();
}

/** The image view of the fixture image (-f Dockerfile) at 100 columns: the layers, then layer 2's file tree. */
async function tuiImage(tree: boolean): Promise<string> {
  const dir = path.join(repoRoot, 'test/fixtures/images');
  const image = await readImage('docker-save-buildkit.tar', { env: {}, cwd: dir, platform: 'linux/amd64' });
  const report = buildImageReport(image, { dockerfile: { path: 'Dockerfile', steps: dockerfileSteps(readFileSync(path.join(dir, 'src/Dockerfile'), 'utf8')) } });
  const app = await driven(render(createElement(ImageApp, { report, width: 100, height: 24, color: false, onExit: () => {} })));
  const frame = tree ? await app.press('g', 'j', ENTER) : app.frame();
  app.unmount();
  return `${frame.replace(/\s+$/, '')}\n`;
}

const ALPINE = { diffId: diffId('a'), size: 7_800_000, createdBy: '/bin/sh -c #(nop) ADD file:5b1e4 in / ' };
const IMAGES = {
  'node:20-alpine': { id: `sha256:3f1c9a2b7d4e${'0'.repeat(52)}`, layers: [ALPINE, { diffId: diffId('b'), size: 121_000_000, createdBy: 'RUN /bin/sh -c apk add nodejs # buildkit' }] },
  'python:3.12-alpine': { id: `sha256:8d2e61c0a9f4${'0'.repeat(52)}`, layers: [ALPINE, { diffId: diffId('d'), size: 44_000_000, createdBy: 'RUN /bin/sh -c apk add python3 # buildkit' }] },
};

async function layersServices(): Promise<string> {
  const s = new Scratch();
  const service = 'FROM node:20-alpine\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\n';
  for (const name of ['api', 'worker']) {
    s.write(`services/${name}/Dockerfile`, `${service}COPY . .\nCMD ["node", "${name}.js"]\n`);
    s.write(`services/${name}/package.json`, '{"name":"services"}\n');
    s.write(`services/${name}/package-lock.json`, '{}\n');
    s.write(`services/${name}/${name}.js`, `console.log("${name}")\n`);
  }
  s.write('services/ml/Dockerfile', 'FROM python:3.12-alpine\nCOPY model.py /srv/\n');
  s.write('services/ml/model.py', 'print(1)\n');
  s.write('services/edge/Dockerfile', 'FROM caddy:2\nCOPY Caddyfile /etc/caddy/\n');
  s.write('services/edge/Caddyfile', ':80\n');
  const engine = await startFakeEngine(IMAGES);
  try {
    await s.runAsync(['layers', path.join(s.root, 'services')], engine.env, 'layerplan layers services');
  } finally {
    await engine.close();
  }
  return s.done().split(`${HOME}/services`).join('services');
}

/** name → producer; every name is used by exactly one marker or more, and every marker names one of these. */
export const EXAMPLES: ReadonlyMap<string, Producer> = new Map<string, Producer>([
  ['build-readme-edit', buildReadmeEdit],
  ['build-first', buildFirst],
  ['build-json', buildJson],
  ['build-markdown', buildMarkdown],
  ['build-target', buildTarget],
  ['builders-label-buildkit', () => builderLabel('buildkit')],
  ['builders-label-buildah', () => builderLabel('buildah')],
  ['tui-build', () => tuiBuild(false)],
  ['tui-build-detail', () => tuiBuild(true)],
  ['tui-history', () => tuiHistory(false)],
  ['tui-history-diff', () => tuiHistory(true)],
  ['check-readme-edit', checkReadmeEdit],
  ['lint', lintRepo],
  ['fix', fixDiff],
  ['timings', timingsRecord],
  ['inspect', inspectArchive],
  ['tui-image', () => tuiImage(false)],
  ['tui-image-tree', () => tuiImage(true)],
  ['shared-records', sharedRecords],
  ['shared-check', sharedCheck],
  ['shared-unchanged', sharedUnchanged],
  ['layers', layersServices],
  ...COMPOSE_EXAMPLES,
]);
