import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mergeTimings, openStore, readTimings, recordTimings, type StepTiming } from '../../src/store/index.js';

const t = suite('timings/store');

function timing(key: string, seconds: number, time: string, over: Partial<StepTiming> = {}): StepTiming {
  return { key, seconds, time, builder: 'buildkit', dockerfile: '/p/Dockerfile', stage: '0', ordinal: 2, instruction: 'RUN make', ...over };
}

t('recorded durations are read back by key, place and instruction; the newest wins; no temporary files stay', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-timings-'));
  recordTimings(dir, [timing('k1', 40, '2026-01-01T00:00:00.000Z')]);
  recordTimings(dir, [timing('k2', 50, '2026-01-02T00:00:00.000Z'), timing('k1', 41, '2026-01-02T00:00:00.000Z', { ordinal: 3 })]);
  assert.equal(readdirSync(dir), ['timings.json']);
  const view = openStore(dir).view;
  assert.is(view.seconds('k1'), 41);
  assert.is(view.seconds('nope'), null);
  assert.is(view.timedAt({ dockerfile: '/p/Dockerfile', stage: '0', ordinal: 2 })?.key, 'k2');
  assert.is(view.timedAt({ dockerfile: '/p/Dockerfile', stage: '0', ordinal: 3 })?.seconds, 41);
  assert.is(view.timedAs('/p/Dockerfile', '0', 'RUN make')?.time, '2026-01-02T00:00:00.000Z');
  assert.is(view.timedAs('/other/Dockerfile', '0', 'RUN make'), null);
});

t('merging keeps one timing per key and only the newest ones beyond the limit', () => {
  const old = [timing('a', 1, '2026-01-01'), timing('b', 2, '2026-01-02')];
  const merged = mergeTimings(old, [timing('a', 3, '2026-01-03'), timing('c', 4, '2026-01-04')], 2);
  assert.equal(merged.map((m) => [m.key, m.seconds]), [['a', 3], ['c', 4]]);
});

t('no timings file is none; a corrupt one is skipped (reported), never fatal, and replaced by the next record', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-timings-'));
  assert.equal(readTimings(dir), []);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'timings.json'), '{"version": 1, "ste');
  assert.is(readTimings(dir), null);
  const store = openStore(dir);
  assert.equal(store.skipped, [path.join(dir, 'timings.json')]);
  assert.is(store.view.seconds('k1'), null);
  recordTimings(dir, [timing('k1', 5, '2026-01-01T00:00:00.000Z')]);
  assert.is(openStore(dir).view.seconds('k1'), 5);
});

t('entries that are not timings are dropped on read', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-timings-'));
  writeFileSync(path.join(dir, 'timings.json'), JSON.stringify({ version: 1, steps: [timing('ok', 1, 't'), { key: 'bad', seconds: 'x' }, timing('neg', -1, 't')] }));
  assert.equal(readTimings(dir)?.map((s) => s.key), ['ok']);
});

t.run();
