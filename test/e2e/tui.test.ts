/**
 * `layerplan build` and `layerplan history` in a real terminal (tmux): the
 * build view, the detail after Enter, leaving with q, history's timeline and
 * diff, NO_COLOR, and the plain/JSON paths in a TTY. Reported as skipped where tmux is absent.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { hasTmux, TmuxPane } from './tmux.js';
import { unless } from '../_helpers/skip.js';

const t = suite('e2e/tui');
const HAS_TMUX = hasTmux();
/** Without tmux every terminal test is reported as skipped (with the reason), never as passed. */
const test = unless(t, 'e2e/tui', HAS_TMUX ? null : 'tmux is not installed (apt-get install tmux to run the terminal tests)');
const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/layerplan');
const DOCKERFILE = 'FROM node:20-alpine\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci --omit=dev && npm cache clean --force && rm -rf /tmp/* /root/.npm /usr/share/doc\nCOPY . .\nCMD ["node", "src/index.js"]\n';

let dir = '';
let cache = '';
const panes: TmuxPane[] = [];

/** A shell line that runs layerplan with this test's store, no engine, and extra env. */
const cli = (args: string, env = ''): string => `env -u NO_COLOR -u FORCE_COLOR -u CI LAYERPLAN_CACHE_DIR='${cache}' DOCKER_HOST=unix:///nonexistent ${env} '${process.execPath}' '${BIN}' ${args}`;
const open = (command: string, width = 80, height = 24): TmuxPane => {
  const pane = new TmuxPane(command, width, height);
  panes.push(pane);
  return pane;
};

t.before(() => {
  if (!HAS_TMUX) return;
  dir = mkdtempSync(path.join(tmpdir(), 'layerplan-e2e-'));
  cache = path.join(dir, '.cache');
  const project = path.join(dir, 'app');
  mkdirSync(path.join(project, 'src'), { recursive: true });
  writeFileSync(path.join(project, 'Dockerfile'), DOCKERFILE);
  writeFileSync(path.join(project, 'package.json'), '{"name":"app"}\n');
  writeFileSync(path.join(project, 'src/index.js'), 'console.log(1)\n');
  writeFileSync(path.join(project, 'README.md'), '# app\n');
  // Two runs assumed built, with a README edit between them, then another edit: every build below is a --dry-run against run 2.
  for (const edit of ['once', 'twice']) {
    const res = spawnSync(process.execPath, [BIN, 'build', project, '--no-tui', '--assume-built'], { env: { ...process.env, LAYERPLAN_CACHE_DIR: cache, DOCKER_HOST: 'unix:///nonexistent' }, encoding: 'utf8' });
    assert.is(res.status, 0, res.stderr);
    appendFileSync(path.join(project, 'README.md'), `edited ${edit}\n`);
  }
});

t.after(() => {
  for (const p of panes) p.kill();
  rmSync(dir, { recursive: true, force: true });
});

const app = (): string => path.join(dir, 'app');

/** A long plan: 30 RUN steps after a COPY that an edit rebuilds, and a stage the target skips. */
const LONG = ['FROM busybox:local AS unused', 'RUN echo never', 'RUN echo never again', 'FROM busybox:local', 'WORKDIR /app', 'RUN echo before', 'COPY . .', ...Array.from({ length: 30 }, (_, i) => `RUN echo step ${i + 1}`), 'CMD ["sh"]', ''].join('\n');

function longProject(): string {
  const project = path.join(dir, 'long');
  if (spawnSync('test', ['-d', project]).status === 0) return project;
  mkdirSync(project, { recursive: true });
  writeFileSync(path.join(project, 'Dockerfile'), LONG);
  writeFileSync(path.join(project, 'a.txt'), 'a\n');
  const res = spawnSync(process.execPath, [BIN, 'build', project, '--no-tui', '--assume-built'], { env: { ...process.env, LAYERPLAN_CACHE_DIR: cache, DOCKER_HOST: 'unix:///nonexistent' }, encoding: 'utf8' });
  assert.is(res.status, 0, res.stderr);
  writeFileSync(path.join(project, 'a.txt'), 'b\n');
  return project;
}

/** The line number of the selected row (the one marked ›). */
const selectedLine = (screen: string): number => Number(/^› .{2}\S \S+\?? +(\d+)  /m.exec(screen)?.[1] ?? NaN);

test('build: the layer stack with statuses and the cascade marker; Enter opens the detail; q leaves with exit 0', async () => {
  const pane = open(cli(`build '${app()}' --dry-run`));
  const list = await pane.waitFor(/q quit/);
  assert.match(list, /› ▲ ↻ rebuilt +5  COPY \. \./);
  assert.match(list, /✓ cached +4  RUN npm ci --omit=dev && npm cache clean .*…/);
  assert.match(list, /4 cached, 1 rebuilt, 1 metadata\n▲ rebuild starts at line 5|4 cached, 1 rebuilt, 1 metadata; ▲ rebuild starts at line 5/);
  assert.match(list, /line 5: files changed: README.md \(modified\)/);
  assert.ok(list.split('\n').every((l) => [...l].length <= 80));
  pane.keys('Enter');
  const detail = await pane.waitFor(/why it is rebuilt/);
  assert.match(detail, /line 5 · stage 0 · rebuilt · the rebuild starts here/);
  assert.match(detail, /files changed \(1\):\n {4}modified {2}README.md/);
  pane.keys('Escape');
  await pane.waitFor(/q quit/);
  pane.keys('q');
  await pane.waitFor(/EXIT=0/);
});

test('build: colours in a terminal, none under NO_COLOR', async () => {
  const colour = open(cli(`build '${app()}' --dry-run`));
  await colour.waitFor(/q quit/);
  assert.match(colour.screen(true), /\u001B\[3[0-7](;\d+)*m|\u001B\[[0-9;]*3[0-7]m/);
  const plain = open(cli(`build '${app()}' --dry-run`, 'NO_COLOR=1'));
  await plain.waitFor(/q quit/);
  assert.not.match(plain.screen(true), /\u001B\[[0-9;]*3[0-7]m/);
  colour.keys('q');
  plain.keys('q');
});

test('build in a terminal: --json, --no-tui and CI print and exit without the view', async () => {
  const json = open(cli(`build '${app()}' --dry-run --json | head -3`));
  assert.match(await json.waitFor(/EXIT=0/), /"schemaVersion": 1/);
  const noTui = open(cli(`build '${app()}' --dry-run --no-tui`), 160);
  assert.match(await noTui.waitFor(/EXIT=0/), /\n {2}rebuilt +5  COPY \. \. +files changed: README.md \(modified\)\n/);
  const ci = open(cli(`build '${app()}' --dry-run`, 'CI=1'));
  assert.not.match(await ci.waitFor(/EXIT=0/), /q quit/);
});

test('history: the timeline newest first; d shows the files that changed; h goes to the older run; q leaves', async () => {
  const pane = open(cli(`history '${app()}'`));
  const view = await pane.waitFor(/d diff/);
  assert.match(view, /2 runs, newest first/);
  assert.match(view, /› \d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}assumed plan {2}Dockerfile {2}buildkit {2}4 cached, 1 rebuilt\n {2}\d{4}.* {2}0 cached, 5 rebuilt/);
  pane.keys('d');
  const diff = await pane.waitFor(/what changed since/);
  assert.match(diff, /files changed \(1\):\n {2}modified {2}README.md/);
  pane.keys('h');
  assert.match(await pane.waitFor(/run 2 of 2/), /nothing before it to compare with/);
  pane.keys('q');
  await pane.waitFor(/EXIT=0/);
});

test('build: four j in one read move four rows; PgDn pages; n, r; the stage heading stays on top; the position shows', async () => {
  const pane = open(cli(`build '${longProject()}' --dry-run`), 80, 16);
  const first = await pane.waitFor(/q quit/);
  assert.is(selectedLine(first), 7, 'opens on the COPY where the rebuild starts');
  assert.match(first, /^\S.*buildkit +\d+-\d+ of \d+ [↑↓]+$/m, 'the title line says where the list is scrolled to');
  pane.keys('-l', 'jjjj');
  assert.is(selectedLine(await pane.waitFor((s) => selectedLine(s) !== 7)), 11);
  pane.keys('NPage');
  const paged = await pane.waitFor((s) => selectedLine(s) !== 11);
  assert.ok(selectedLine(paged) > 12 && selectedLine(paged) < 30, `PgDn moves a page, not to the end (line ${selectedLine(paged)})`);
  // Row 0 the title, row 1 what the plan is compared with, row 2 the list's first row.
  assert.match(paged.split('\n')[2]!, /^stage 1$/, 'the heading of the stage scrolled out is pinned on top');
  pane.keys('NPage', 'NPage', 'NPage');
  assert.is(selectedLine(await pane.waitFor((s) => selectedLine(s) === 38)), 38);
  pane.keys('g');
  const top = await pane.waitFor((s) => selectedLine(s) === 4);
  assert.match(top, /stage unused {2}\(skipped: not needed for the target; 3 steps, lines 1-3\)/);
  assert.not.match(top, /skipped +2 /, 'the skipped stage is one folded line');
  pane.keys('n');
  assert.is(selectedLine(await pane.waitFor((s) => selectedLine(s) !== 4)), 7);
  pane.keys('r');
  const only = await pane.waitFor(/rebuilt steps only/);
  assert.not.match(only, /cached +\d/);
  pane.keys('q');
  await pane.waitFor(/EXIT=0/);
});

test('build: the selection shows without colour (inverse video under NO_COLOR)', async () => {
  const pane = open(cli(`build '${app()}' --dry-run`, 'NO_COLOR=1'));
  await pane.waitFor(/q quit/);
  const raw = pane.screen(true);
  assert.match(raw, /\u001B\[7m› ▲ ↻ rebuilt/);
  assert.not.match(raw, /\u001B\[[0-9;]*3[0-7]m/);
  pane.keys('q');
});

test('build: q leaves the terminal clean: the screen as it was, the plan’s summary line, the prompt on a line of its own', async () => {
  const pane = open(`echo before-the-view; ${cli(`build '${app()}' --dry-run`)}`, 160);
  await pane.waitFor(/q quit/);
  pane.keys('q');
  const after = await pane.waitFor(/EXIT=0/);
  assert.match(after, /^before-the-view\n\S*Dockerfile: 4 cached, 1 rebuilt, 1 metadata; rebuild starts at line 5\nEXIT=0\n/);
  assert.not.match(after, /q quit|stage 0/);
});

test('history: opens on the run’s first rebuilt step, naming its changed files; the diff names them per step', async () => {
  const pane = open(cli(`history '${app()}'`), 120);
  const view = await pane.waitFor(/d diff/);
  assert.match(view, /^› ▲ ↻ rebuilt +5  COPY \. \. +files changed: README.md \(modified\)/m);
  pane.keys('d');
  assert.match(await pane.waitFor(/steps whose files changed/), /line 5 {2}COPY \. \. {2}rebuilt: README.md \(modified\)/);
  pane.keys('q');
  await pane.waitFor(/EXIT=0/);
});

const IMAGES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/images');

test('inspect: the layers open in a terminal; Enter shows a layer’s file tree; q leaves the terminal clean; piped, the plain report', async () => {
  const pane = open(`cd '${IMAGES}' && echo before-inspect; ${cli('inspect docker-save-buildkit.tar -f src/Dockerfile')}`, 100, 24);
  const list = await pane.waitFor(/q quit/);
  assert.match(list, /CREATED BY, bottom \(base\) to top/);
  assert.match(list, /^› +6 +8 B +COPY app\.txt \.\/ +src\/Dockerfile:8/m);
  pane.keys('g', 'j', 'Enter');
  const tree = await pane.waitFor(/layer 2 of 6/);
  assert.match(tree, /\+ +3\.10 kB {4}big\.txt {2}✗ wasted/);
  pane.keys('Escape', '-l', 'jj', 'Enter');
  assert.match(await pane.waitFor(/layer 4 of 6/), /junk\.bin {2}\(whiteout: deleted\)/);
  pane.keys('q');
  const after = await pane.waitFor(/EXIT=0/);
  assert.match(after, /^before-inspect\nEXIT=0\n/);
  const piped = open(`cd '${IMAGES}' && ${cli('inspect docker-save-buildkit.tar')} | head -3`, 160);
  assert.match(await piped.waitFor(/EXIT=0/), /^Image sha256:a87bb77d0b87 \(lpimg-fixture:buildkit\) from docker-archive/);
});

t.run();
