import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { recordRun, type RunRecord } from '../../src/store/index.js';

const t = suite('store/stale-tmp');

const run: RunRecord = {
  version: 1, id: 'r', time: '2026-01-01T00:00:00.000Z', dockerfile: '/p/Dockerfile', context: '/p', builder: 'buildkit', target: null, buildArgs: {},
  steps: [],
} as unknown as RunRecord;

t('the next write removes temporary files of dead writers, and keeps a live writer\'s', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-stale-'));
  const runs = path.join(dir, 'runs');
  mkdirSync(runs, { recursive: true });
  const dead = spawnSync(process.execPath, ['-e', '']).pid!;
  const deadTmp = `2026-01-01T00-00-00-000Z-1-abc.json.${dead}.deadbeef.tmp`;
  const liveTmp = `x.json.${process.pid}.cafe0123.tmp`;
  const oldLiveTmp = `y.json.${process.pid}.0badcafe.tmp`;
  for (const name of [deadTmp, liveTmp, oldLiveTmp]) writeFileSync(path.join(runs, name), '');
  writeFileSync(path.join(dir, `timings.json.${dead}.00ff.tmp`), '');
  const twoHoursAgo = (Date.now() - 2 * 3600_000) / 1000;
  utimesSync(path.join(runs, oldLiveTmp), twoHoursAgo, twoHoursAgo);
  recordRun(dir, run, new Map());
  const left = readdirSync(runs).filter((n) => n.endsWith('.tmp'));
  assert.equal(left, [liveTmp]);
  assert.equal(readdirSync(dir).filter((n) => n.endsWith('.tmp')), []);
});

t.run();
