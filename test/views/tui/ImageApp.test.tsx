import { readFileSync } from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { render } from 'ink-testing-library';
import { dockerfileSteps } from '../../../src/image/dockerfile-steps.js';
import { readImage } from '../../../src/image/read-image.js';
import { buildImageReport, type ImageReport } from '../../../src/image/report.js';
import { ImageApp } from '../../../src/views/tui/ImageApp.js';
import { driven } from './settle.js';

const t = suite('views/tui/ImageApp');
const FIXTURES = path.resolve('test/fixtures/images');
const ENTER = '\r';
const ESC = '\u001B';

/** The docker save of test/fixtures/images/src/Dockerfile (a file overwritten, two deleted, metadata-only ENV and CMD). */
async function report(): Promise<ImageReport> {
  const image = await readImage('docker-save-buildkit.tar', { env: {}, cwd: FIXTURES, platform: 'linux/amd64' });
  return buildImageReport(image, { dockerfile: { path: 'Dockerfile', steps: dockerfileSteps(readFileSync(path.join(FIXTURES, 'src/Dockerfile'), 'utf8')) } });
}

async function mount(height = 20) {
  let exits = 0;
  const r = render(<ImageApp report={await report()} width={100} height={height} color={false} onExit={() => exits++} />);
  return { ...(await driven(r)), exits: () => exits };
}

t('layers bottom to top with size, waste, created_by and Dockerfile line; metadata-only entries folded; opens on the top layer', async () => {
  const app = await mount();
  const f = app.frame();
  assert.match(f, /^lpimg-fixture:buildkit · 6 layers, 7\.04 kB · efficiency 13\.3%, 6\.10 kB wasted/);
  const rows = f.split('\n').filter((l) => /^[› ] +\d  /.test(l));
  assert.equal(rows.map((l) => l.slice(2, 6).trim()), ['1', '2', '3', '4', '5', '6']);
  assert.match(rows[1]!, /2 +6\.11 kB +6\.10 kB wasted +COPY data\/ \/data\/ +Dockerfile:3$/);
  assert.match(f, /Dockerfile:5\n +· 1 metadata-only entry \(no layer\): ENV GREETING=hello\n/);
  assert.match(f, /· 1 metadata-only entry \(no layer\): CMD \["\/bin\/t"\]/);
  assert.match(rows[5]!, /^› +6 +8 B +COPY app\.txt \.\//);
  app.unmount();
});

t('Enter opens the layer’s files as a tree: added, changed, whiteouts as deletions, the bytes later layers waste', async () => {
  const app = await mount(30);
  await app.press('g', 'j');
  const tree = await app.press(ENTER);
  assert.match(tree, /layer 2 of 6 · Dockerfile:3\nCOPY data\/ \/data\//);
  assert.match(tree, /\+7 added {2}~0 changed {2}-0 deleted · 6\.10 kB of it wasted/);
  assert.match(tree, /\+ +6\.11 kB {2}data\/\n\+ +3\.10 kB {4}big\.txt {2}✗ wasted\n/);
  assert.match(tree, /\+ +1\.00 kB {4}cache\/\n\+ +700 B {6}a {2}✗ wasted/);
  const next = await app.press('j', 'j');
  assert.match(next, /layer 4 of 6 · Dockerfile:5/);
  assert.match(next, /- +2\.00 kB {4}junk\.bin {2}\(whiteout: deleted\)/);
  assert.match(await app.press(ESC), /CREATED BY, bottom \(base\) to top/);
  app.unmount();
});

t('the plan view’s keys: n jumps to a layer that wastes space, r lists only those, jjjj in one read, q leaves', async () => {
  const app = await mount();
  await app.press('g');
  assert.match(await app.press('n'), /^› +2 /m);
  const only = await app.press('r');
  assert.match(only, /^layers that waste space · /);
  assert.equal(only.split('\n').filter((l) => /^[› ] +\d  /.test(l)).length, 1);
  await app.press('r', 'g');
  assert.match(await app.press('jjjj'), /^› +5 /m);
  await app.press('q');
  assert.is(app.exits(), 1);
  app.unmount();
});

t('a short terminal scrolls, the title saying where', async () => {
  const app = await mount(8);
  assert.match(app.frame().split('\n')[0]!, /\d+-\d+ of 8 ↑$/);
  assert.match(await app.press('g'), /^\S.* 1-4 of 8 ↓$/m);
  app.unmount();
});

t.run();
