import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { openStore, recordRun, type RunRecord } from '../../src/store/index.js';
import { loadIndexedRuns, RUN_INDEX_FILE, type RunFiles } from '../../src/store/run-index.js';

const t = suite('store/run-index');

function run(time: string, key: string): RunRecord {
  return {
    version: 1, id: time, time, dockerfile: '/p/Dockerfile', context: '/p', builder: 'buildkit', target: null, buildArgs: {},
    steps: [{ stage: '0', ordinal: 1, line: 2, instruction: 'RUN x', key, parent: 'base', op: 'x', env: [], settings: {}, files: [], status: 'rebuilt', certain: true, reason: null }],
  };
}

/** An in-memory runs/ folder and index that counts its reads and writes. */
function memory(initial: Record<string, unknown>) {
  const files = new Map(Object.entries(initial));
  let index: string | null = null;
  const counts = { reads: 0, writes: 0 };
  const io: RunFiles = {
    list: () => [...files.keys()],
    read: (name) => {
      counts.reads++;
      const v = files.get(name) as RunRecord | undefined;
      return v && v.version === 1 ? v : null;
    },
    readIndex: () => {
      try {
        return index === null ? null : JSON.parse(index);
      } catch {
        return null; // As the fs store reads a torn file.
      }
    },
    writeIndex: (data) => {
      counts.writes++;
      index = data;
    },
  };
  return { files, io, counts, setIndex: (s: string) => (index = s) };
}

const times = (runs: readonly RunRecord[]): string[] => runs.map((r) => r.time);

t('the first open reads every run and writes the index; the next reads no run and writes nothing', () => {
  const m = memory({ 'a.json': run('2026-01-01T00:00:00Z', 'k1'), 'b.json': run('2026-01-02T00:00:00Z', 'k2') });
  const first = loadIndexedRuns(m.io);
  assert.equal([first.read, m.counts.writes], [2, 1]);
  const second = loadIndexedRuns(m.io);
  assert.equal([second.read, m.counts.reads, m.counts.writes], [0, 2, 1]);
  assert.equal(times(second.runs), times(first.runs));
});

t('a new run is read alone and added; a pruned one is dropped from the index', () => {
  const m = memory({ 'a.json': run('2026-01-01T00:00:00Z', 'k1'), 'b.json': run('2026-01-02T00:00:00Z', 'k2') });
  loadIndexedRuns(m.io);
  m.files.set('c.json', run('2026-01-03T00:00:00Z', 'k3'));
  const added = loadIndexedRuns(m.io);
  assert.equal([added.read, times(added.runs)], [1, ['2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', '2026-01-03T00:00:00Z']]);
  m.files.delete('a.json');
  const pruned = loadIndexedRuns(m.io);
  assert.equal([pruned.read, times(pruned.runs), m.counts.writes], [0, ['2026-01-02T00:00:00Z', '2026-01-03T00:00:00Z'], 3]);
  assert.equal(times(loadIndexedRuns(m.io).runs), times(pruned.runs));
});

t('a corrupt, foreign or other-version index is rebuilt from the runs', () => {
  for (const bad of ['{"version":1,"runs":', '{"version":2,"runs":{}}', '[1,2]', '{"version":1,"runs":{"a.json":{"hello":1}}}']) {
    const m = memory({ 'a.json': run('2026-01-01T00:00:00Z', 'k1') });
    m.setIndex(bad);
    assert.equal(times(loadIndexedRuns(m.io).runs), ['2026-01-01T00:00:00Z'], bad);
    assert.is(m.counts.writes, 1, 'rewritten whole');
  }
});

t('files that are not runs are skipped every time, never indexed', () => {
  const m = memory({ 'a.json': run('2026-01-01T00:00:00Z', 'k1'), 'x.json': { hello: 1 } });
  assert.equal(loadIndexedRuns(m.io).skipped, ['x.json']);
  const again = loadIndexedRuns(m.io);
  assert.equal([again.skipped, again.read, m.counts.writes], [['x.json'], 1, 1]);
});

t('the fs store keeps the index beside runs/, and a torn index left by a killed writer is rebuilt', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-index-'));
  try {
    recordRun(dir, run('2026-01-01T00:00:00.000Z', 'k1'), new Map());
    assert.ok(openStore(dir).view.hasKey('k1'));
    const index = JSON.parse(readFileSync(path.join(dir, RUN_INDEX_FILE), 'utf8')) as { runs: Record<string, RunRecord> };
    assert.equal(Object.keys(index.runs), readdirSync(path.join(dir, 'runs')));
    writeFileSync(path.join(dir, RUN_INDEX_FILE), '{"version":1,"runs":{"x');
    recordRun(dir, run('2026-01-02T00:00:00.000Z', 'k2'), new Map());
    const store = openStore(dir);
    assert.ok(store.view.hasKey('k1') && store.view.hasKey('k2'));
    assert.is(store.skipped.length, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

t('writers and readers at once, one of them SIGKILLed: every run file on disk is seen by the next open', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-index-race-'));
  const store = pathToFileURL(path.resolve('dist/src/store/index.js')).href;
  // Each child records runs and opens the store in a loop, so index rewrites overlap.
  const script = `const s = await import(${JSON.stringify(store)});
    const [dir, who] = process.argv.slice(1);
    for (let i = 0; i < 15; i++) {
      const time = new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
      s.recordRun(dir, { version: 1, id: who + i, time, dockerfile: '/p/Dockerfile', context: '/p', builder: 'buildkit', target: null, buildArgs: {},
        steps: [{ stage: '0', ordinal: 1, line: 2, instruction: 'RUN x', key: who + '-' + i, parent: 'base', op: 'x', env: [], settings: {}, files: [], status: 'rebuilt', certain: true, reason: null }] }, new Map());
      s.openStore(dir);
    }`;
  const child = (who: string) => spawn(process.execPath, ['--input-type=module', '-e', script, dir, who], { stdio: 'ignore' });
  try {
    const done = (c: ReturnType<typeof child>) => new Promise<void>((resolve) => c.on('close', () => resolve()));
    const victim = child('victim');
    const others = ['a', 'b', 'c'].map(child);
    setTimeout(() => victim.kill('SIGKILL'), 150);
    await Promise.all([victim, ...others].map(done));
    const names = readdirSync(path.join(dir, 'runs')).filter((n) => n.endsWith('.json'));
    const opened = openStore(dir);
    assert.is(opened.runs.length, names.length);
    for (const who of ['a', 'b', 'c']) for (let i = 0; i < 15; i++) assert.ok(opened.view.hasKey(`${who}-${i}`), `${who}-${i}`);
    // The index now names exactly the files on disk, and a second open reads none of them.
    const index = JSON.parse(readFileSync(path.join(dir, RUN_INDEX_FILE), 'utf8')) as { runs: Record<string, unknown> };
    assert.equal(Object.keys(index.runs).sort(), names.sort());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

t.run();
