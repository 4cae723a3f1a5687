import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { render } from 'ink-testing-library';
import { diffRuns, previousRun } from '../../../src/plan/run-history.js';
import type { BaseInfoMap } from '../../../src/views/tui/base-info.js';
import { HistoryApp } from '../../../src/views/tui/HistoryApp.js';
import { recordedRuns } from '../plan-fixtures.js';
import { driven } from './settle.js';

const t = suite('views/tui/HistoryApp');
const LEFT = '\u001B[D';

async function mount(bases: BaseInfoMap = new Map()) {
  const { runs, selection } = recordedRuns();
  const diffs = runs.map((r, i) => {
    const older = previousRun(runs, i);
    return older ? diffRuns(older, r, selection) : null;
  });
  let exits = 0;
  const r = render(<HistoryApp contextDir="/ctx" runs={runs} diffs={diffs} bases={bases} width={80} height={30} color={false} onExit={() => exits++} />);
  return { ...(await driven(r)), exits: () => exits };
}

t('the timeline lists runs newest first and shows the newest run’s steps', async () => {
  const app = await mount();
  const f = app.frame();
  assert.match(f, /› 2026-01-03 10:00:00  assumed plan  Dockerfile  buildkit  4 cached, 4 rebuilt\n  2026-01-02 10:00:00 .*\n  2026-01-01 10:00:00 /);
  assert.match(f, /── run 1 of 3: 2026-01-03 10:00:00 · assumed plan · VERSION=2/);
  assert.match(f, /▲ ↻ rebuilt +5  RUN npm ci/);
  assert.match(f, /←→ run {2}↑↓\/jk step {2}PgDn page {2}n next rebuilt {2}r rebuilt only {2}d diff {2}q quit/);
  assert.ok(f.split('\n').every((l) => l.length <= 80));
  app.unmount();
});

t('← and h go to older runs, → and l to newer, stopping at both ends', async () => {
  const app = await mount();
  assert.match(await app.press(LEFT), /› 2026-01-02 10:00:00[\s\S]*── run 2 of 3/);
  assert.match(await app.press('h', 'h'), /── run 3 of 3: 2026-01-01/);
  assert.match(await app.press('l'), /── run 2 of 3/);
  app.unmount();
});

t('d shows the difference from the run before; the oldest has none', async () => {
  const app = await mount();
  assert.fixture(await app.press('h', 'd'), [
    'layerplan history · /ctx · 3 runs, newest first (UTC)',
    '  2026-01-03 10:00:00  assumed plan  Dockerfile  buildkit  4 cached, 4 rebuilt',
    '› 2026-01-02 10:00:00  assumed plan  Dockerfile  buildkit  5 cached, 3 rebuilt',
    '  2026-01-01 10:00:00  assumed plan  Dockerfile  buildkit  1 cached, 7 rebuilt',
    '── run 2 of 3: what changed since 2026-01-01 10:00:00 (assumed plan)',
    'steps that changed (4):',
    '  line 1  FROM node:20-alpine AS build  rebuilt → cached',
    '  line 2  WORKDIR /app  rebuilt → cached',
    '  line 4  COPY package.json ./  rebuilt → cached',
    '  line 5  RUN npm ci && npm run build -- --mode productio…  rebuilt → cached',
    'files changed (2):',
    '  modified  README.md',
    '  added     src/new.js',
    'steps whose files changed (1):',
    '  line 6  COPY . .  rebuilt: README.md (modified), src/new.js (added)',
    '←→ run  ↑↓/jk step  PgDn page  n next rebuilt  r rebuilt only  d diff  q quit',
  ].join('\n'));
  assert.match(await app.press('h'), /the first recorded run: nothing before it to compare with/);
  assert.match(await app.press('d'), /── run 3 of 3: 2026-01-01 10:00:00 · assumed plan\nstage build/);
  app.unmount();
});

t('a run opens on its first rebuilt step; j moves, the reason of the selected one shows below', async () => {
  const app = await mount();
  const f = app.frame();
  assert.match(f, /› ▲ ↻ rebuilt +5  RUN npm ci/);
  assert.match(f, /line 5: rebuilt, build args \/ env changed/);
  assert.match(await app.press('j'), /› {3}↻ rebuilt +6  COPY \. \./);
  app.unmount();
});

t('the run before opens on the COPY its files rebuilt, naming them; n, r and a folded skipped stage', async () => {
  const app = await mount();
  const f = await app.press('h');
  assert.match(f, /› ▲ ↻ rebuilt +6  COPY \. \./);
  assert.match(f, /line 6: rebuilt, files changed: README.md \(modified\), src\/new.js \(added\)/);
  assert.match(f, /\nstage test {2}\(skipped: not needed for the target; 2 steps, lines 8-9\)\n/);
  assert.match(await app.press('n'), /› {3}↻ rebuilt +7  RUN echo/);
  const only = await app.press('r');
  assert.match(only, /rebuilt steps only/);
  assert.not.match(only, /cached +\d/);
  assert.match(only, /› {3}↻ rebuilt +7/);
  app.unmount();
});

t('known base layers are walked under FROM, base first, with size and instruction', async () => {
  const bases: BaseInfoMap = new Map([['docker.io/library/node:20-alpine', { ref: 'docker.io/library/node:20-alpine', id: 'sha256:1', note: null, present: true, layersNote: null, layers: [{ diffId: 'sha256:a', createdBy: 'ADD alpine.tar /', size: 8_000_000 }, { diffId: 'sha256:b', createdBy: 'RUN apk add nodejs', size: 1_000_000 }] }]]);
  const app = await mount(bases);
  assert.match(app.frame(), /FROM node:20-alpine AS build\n +↳ node:20-alpine: 2 layers, 9.00 MB, local: reused\n +8.00 MB {2}ADD alpine.tar \/\n +1.00 MB {2}RUN apk add nodejs\n/);
  app.unmount();
});

t('Esc leaves the diff first, then the view; q leaves at once', async () => {
  const app = await mount();
  await app.press('d', '\u001B');
  assert.is(app.exits(), 0);
  await app.press('\u001B');
  assert.is(app.exits(), 1);
  app.unmount();
  const other = await mount();
  await other.press('q');
  assert.is(other.exits(), 1);
  other.unmount();
});

t.run();
