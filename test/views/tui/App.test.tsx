import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { render } from 'ink-testing-library';
import { App } from '../../../src/views/tui/App.js';
import type { BaseInfoMap } from '../../../src/views/tui/base-info.js';
import type { Plan } from '../../../src/plan/index.js';
import { argPlan, cachedPlan, editedPlan } from '../plan-fixtures.js';
import { driven } from './settle.js';
import { statusTone, styleFor } from '../../../src/views/tui/palette.js';

const t = suite('views/tui/App');
const DOWN = '\u001B[B';
const ENTER = '\r';
const ESC = '\u001B';

async function mount(plan: Plan, opts: { width?: number; height?: number; bases?: BaseInfoMap; color?: boolean } = {}) {
  let exits = 0;
  const r = render(<App plan={plan} bases={opts.bases ?? new Map()} width={opts.width ?? 80} height={opts.height ?? 30} color={opts.color ?? false} onExit={() => exits++} />);
  return { ...(await driven(r)), exits: () => exits };
}

const rowOf = (frame: string, line: number) => frame.split('\n').find((l) => new RegExp(`^.{4}\\S \\S+\\?? +${line}  `).test(l)) ?? '';

t('every step shows its status; the cascade origin is marked and selected first', async () => {
  const app = await mount(editedPlan());
  const f = app.frame();
  assert.match(rowOf(f, 2), /✓ cached +2  WORKDIR \/app/);
  assert.match(rowOf(f, 3), /○ metadata +3  ARG VERSION=1/);
  assert.match(rowOf(f, 6), /^› ▲ ↻ rebuilt +6  COPY \. \./);
  assert.match(rowOf(f, 7), /^ {4}↻ rebuilt +7  RUN echo/);
  assert.is(rowOf(f, 9), '', 'a skipped stage is folded: its steps are not rows');
  assert.match(f, /\nstage test {2}\(skipped: not needed for the target; 2 steps, lines 8-9\)\n/);
  assert.match(rowOf(f, 11), /▲ ↻ rebuilt\? +11/);
  assert.match(f, /5 cached, 3 rebuilt, 2 skipped, 2 metadata, 1 uncertain \(\?\)/);
  assert.match(f, /▲ rebuild starts at line 6, 11/);
  assert.match(f, /line 6: files changed: README.md \(modified\), src\/new.js \(added\)/);
  assert.match(f, /↑↓\/jk move {2}PgUp\/PgDn page {2}n next rebuilt {2}r rebuilt only {2}⏎ details {2}q quit/);
  app.unmount();
});

t('fits 80 columns: no line is wider, the long RUN ends in an ellipsis', async () => {
  const app = await mount(editedPlan());
  const lines = app.frame().split('\n');
  assert.ok(lines.every((l) => l.length <= 80), lines.find((l) => l.length > 80));
  assert.match(rowOf(app.frame(), 5), /RUN npm ci .*…$/);
  app.unmount();
});

t('a wide terminal shows each reason beside its step', async () => {
  const app = await mount(editedPlan(), { width: 140 });
  assert.match(rowOf(app.frame(), 7), /RUN echo \$VERSION > \/version +line 6 is rebuilt$/);
  app.unmount();
});

t('j and the down arrow move the cursor; Enter opens the detail with the files as a list', async () => {
  const app = await mount(editedPlan());
  const moved = await app.press('j');
  assert.match(rowOf(moved, 7), /^› /);
  await app.press('k');
  const detail = await app.press(ENTER);
  assert.match(detail, /line 6 · stage build · rebuilt · the rebuild starts here/);
  assert.match(detail, /cache key {3}[0-9a-f]{16}/);
  assert.match(detail, /files changed \(2\):\n {4}modified {2}README.md\n {4}added {5}src\/new.js/);
  const next = await app.press(DOWN);
  assert.match(next, /line 7 · stage build · rebuilt/);
  assert.match(next, /the step before it is rebuilt: line 6 {2}COPY \. \./);
  app.unmount();
});

t('the detail of a changed build arg shows old → new and names the cascade origin', async () => {
  const app = await mount(argPlan());
  const detail = await app.press(ENTER);
  assert.fixture(detail.replace(/[0-9a-f]{16}$/gm, '<16 hex>'), [
    '/ctx/Dockerfile · buildkit',
    'line 5 · stage build · rebuilt · the rebuild starts here',
    '',
    'RUN npm ci && npm run build -- --mode production --out-dir /app/dist --sourcemap',
    '  --minify --target es2022',
    '',
    'cache key   <16 hex>',
    'parent key  <16 hex>',
    '',
    'why it is rebuilt',
    '  build args / env changed:',
    '    VERSION: "1" → "2"',
    '↑↓/jk previous/next step  PgUp/PgDn scroll  ←/esc back  q quit',
  ].join('\n'));
  const cascade = await app.press('j', 'j');
  assert.match(cascade, /the cascade starts at line 5 {2}RUN npm ci/);
  app.unmount();
});

t('Esc goes back to the list, then leaves; q leaves at once', async () => {
  const app = await mount(editedPlan());
  await app.press(ENTER);
  const list = await app.press(ESC);
  assert.match(list, /q quit/);
  assert.is(app.exits(), 0);
  await app.press(ESC);
  assert.is(app.exits(), 1);
  app.unmount();
  const other = await mount(cachedPlan());
  await other.press('q');
  assert.is(other.exits(), 1);
  other.unmount();
});

t('a fully cached plan has no origin and starts at the top (the whole frame)', async () => {
  const app = await mount(cachedPlan());
  assert.fixture(app.frame(), [
    '/ctx/Dockerfile · buildkit',
    'stage build',
    '›   ✓ cached      1  FROM node:20-alpine AS build',
    '    ✓ cached      2  WORKDIR /app',
    '    ○ metadata    3  ARG VERSION=1',
    '    ✓ cached      4  COPY package.json ./',
    '    ✓ cached      5  RUN npm ci && npm run build -- --mode production --out-di…',
    '    ✓ cached      6  COPY . .',
    '    ✓ cached      7  RUN echo $VERSION > /version',
    'stage test  (skipped: not needed for the target; 2 steps, lines 8-9)',
    'stage 2',
    '    ✓ cached     10  FROM node:20-alpine',
    '    ✓ cached     11  COPY --from=build /app/dist /srv',
    '    ○ metadata   12  CMD ["node", "/srv/index.js"]',
    '8 cached, 0 rebuilt, 2 skipped, 2 metadata',
    '',
    '↑↓/jk move  PgUp/PgDn page  n next rebuilt  r rebuilt only  ⏎ details  q quit',
  ].join('\n'));
  app.unmount();
});

t('a short terminal scrolls to keep the cursor in view (the whole 10-line frame)', async () => {
  const app = await mount(editedPlan(), { height: 10 });
  assert.is(app.frame().split('\n').length, 10);
  assert.fixture(await app.press('G'), [
    '/ctx/Dockerfile · buildkit                                          9-13 of 13 ↑',
    'stage test  (skipped: not needed for the target; 2 steps, lines 8-9)',
    'stage 2',
    '    ✓ cached     10  FROM node:20-alpine',
    '  ▲ ↻ rebuilt?   11  COPY --from=build /app/dist /srv',
    '›   ○ metadata   12  CMD ["node", "/srv/index.js"]',
    '5 cached, 3 rebuilt, 2 skipped, 2 metadata, 1 uncertain (?)',
    '▲ rebuild starts at line 6, 11',
    '',
    '↑↓/jk move  PgUp/PgDn page  n next rebuilt  r rebuilt only  ⏎ details  q quit',
  ].join('\n'));
  app.unmount();
});

t('base images: local layers are listed as reused, a missing image as to pull', async () => {
  const bases: BaseInfoMap = new Map([
    ['node:20-alpine', { ref: 'node:20-alpine', id: 'sha256:abc', note: null, present: true, layersNote: null, layers: [{ diffId: 'sha256:1', createdBy: '/bin/sh -c #(nop) ADD file:123 in /', size: 7_800_000 }, { diffId: 'sha256:2', createdBy: 'WORKDIR /app', size: 0 }] }],
  ]);
  const app = await mount(cachedPlan(), { bases });
  assert.match(app.frame(), / {21}↳ node:20-alpine: 1 layer, 7.80 MB, local: reused\n/);
  const detail = await app.press(ENTER);
  assert.match(detail, /base image node:20-alpine \(reused from the local image store\)\n {4}7.80 MB {2}ADD file:123 in \/\n {8}0 B {2}WORKDIR \/app/);
  app.unmount();
  const pull = await mount(cachedPlan(), { bases: new Map([['node:20-alpine', { ref: 'node:20-alpine', id: null, note: 'not local', present: false, layers: null, layersNote: 'not in the local engine: known once pulled' }]]) });
  assert.match(pull.frame(), /↳ node:20-alpine: not local: to pull/);
  pull.unmount();
});

t('rebuilt? has its own colour (yellow), rebuilt red; the selection is inverse with or without colour', () => {
  assert.is(styleFor(statusTone('rebuilt', false), true).color, 'yellow');
  assert.is(styleFor(statusTone('rebuilt', true), true).color, 'red');
  assert.is(styleFor('selected', true).inverse, true);
  assert.equal(styleFor('selected', false), { inverse: true });
  assert.equal(styleFor(statusTone('rebuilt', false), false), {});
});

t('four j in one read move four rows; PgDn pages; the detail wraps a long instruction instead of cutting it', async () => {
  const app = await mount(editedPlan(), { height: 12 });
  assert.match(rowOf(await app.press('jjjj'), 12), /^› /, 'from line 6 to 7, 10, 11, 12: the folded stage\'s steps are no rows');
  await app.press('g');
  assert.match(rowOf(await app.press('\u001B[6~'), 6), /^› /, 'a page of 7 list rows is 5 steps');
  await app.press('g', 'jjjj');
  const detail = await app.press(ENTER);
  assert.match(detail, /--sourcemap\n {2}--minify --target es2022/);
  assert.not.match(detail, /…/);
  app.unmount();
});

t.run();
