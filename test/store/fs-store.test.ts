import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultStoreDir, openStore, recordRun, type RunRecord } from '../../src/store/index.js';
import { bin, copyExample } from '../_helpers/cli.js';

const t = suite('store/fs-store');

function run(time: string, key: string, parent = 'base'): RunRecord {
  return {
    version: 1, id: time, time, dockerfile: '/p/Dockerfile', context: '/p', builder: 'buildkit', target: null, buildArgs: {},
    steps: [{ stage: '0', ordinal: 1, line: 2, instruction: 'RUN x', key, parent, op: 'x', env: [], settings: {}, files: [{ source: '.', digest: 'd1' }], status: 'rebuilt', certain: true, reason: 'first-build' }],
  };
}

t('any recorded run makes its keys hits; the newest wins for comparisons; selections load by digest', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-store-'));
  recordRun(dir, run('2026-01-01T00:00:00.000Z', 'k1'), new Map([['d1', { 'a.txt': 'f:644:1' }]]));
  recordRun(dir, run('2026-01-02T00:00:00.000Z', 'k2'), new Map());
  const store = openStore(dir);
  assert.ok(store.view.hasKey('k1') && store.view.hasKey('k2'));
  assert.is(store.view.latestChild('base')?.key, 'k2');
  assert.equal(store.view.selection('d1'), { 'a.txt': 'f:644:1' });
  assert.is(store.view.selection('nope'), null);
});

t('corrupt and foreign files are skipped, never fatal', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-store-'));
  mkdirSync(path.join(dir, 'runs'), { recursive: true });
  writeFileSync(path.join(dir, 'runs', 'broken.json'), '{"version": 1, "ti');
  writeFileSync(path.join(dir, 'runs', 'other.json'), '{"hello": 1}');
  recordRun(dir, run('2026-01-01T00:00:00.000Z', 'k1'), new Map());
  const store = openStore(dir);
  assert.is(store.runs.length, 1);
  assert.is(store.skipped.length, 2);
});

t('eight CLI runs at once on one store: every run recorded, every file whole', async () => {
  const { dir, cache } = copyExample('node-app');
  const one = (): Promise<number> => new Promise((resolve) => {
    spawn(process.execPath, [bin, 'build', dir, '--cache-dir', cache, '--json', '--assume-built'], { stdio: 'ignore', env: { ...process.env, CI: '1' } }).on('close', (c) => resolve(c ?? -1));
  });
  const codes = await Promise.all(Array.from({ length: 8 }, one));
  assert.equal(codes, [0, 0, 0, 0, 0, 0, 0, 0]);
  const store = openStore(cache);
  assert.is(store.runs.length, 8);
  assert.is(store.skipped.length, 0);
  assert.equal(readdirSync(path.join(cache, 'runs')).filter((n) => n.endsWith('.tmp')), []);
});

t('store location: flag, then LAYERPLAN_CACHE_DIR, then XDG_CACHE_HOME, then ~/.cache', () => {
  assert.is(defaultStoreDir('/x', { LAYERPLAN_CACHE_DIR: '/y' }), '/x');
  assert.is(defaultStoreDir(undefined, { LAYERPLAN_CACHE_DIR: '/y', XDG_CACHE_HOME: '/z' }), '/y');
  assert.is(defaultStoreDir(undefined, { XDG_CACHE_HOME: '/z' }), '/z/layerplan');
  assert.is(defaultStoreDir(undefined, { HOME: '/home/u' }), '/home/u/.cache/layerplan');
});

t.run();
