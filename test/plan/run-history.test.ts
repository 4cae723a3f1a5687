import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { diffRuns, previousRun, projectRuns, recordedBaseRef, timelineRow } from '../../src/plan/run-history.js';
import type { RunRecord } from '../../src/store/types.js';
import { historyJson, renderHistoryText } from '../../src/views/history-text.js';
import { recordedRuns } from '../views/plan-fixtures.js';

const t = suite('plan/run-history');

t('only this project’s runs, newest first', () => {
  const { runs } = recordedRuns();
  const foreign = { ...runs[0]!, id: 'other', context: '/elsewhere', time: '2027-01-01T00:00:00.000Z' };
  const shuffled = [runs[2]!, foreign, runs[0]!, runs[1]!];
  assert.equal(projectRuns(shuffled, '/ctx').map((r) => r.id), ['run-2', 'run-1', 'run-0']);
});

t('a timeline row counts statuses', () => {
  const { runs } = recordedRuns();
  assert.equal(timelineRow(runs[1]!).counts, { cached: 5, rebuilt: 3, skipped: 2, metadata: 2 });
  assert.equal(timelineRow(runs[2]!).counts, { cached: 1, rebuilt: 7, skipped: 2, metadata: 2 });
});

t('the diff names flipped steps with their reason, the files that changed, and build args', () => {
  const { runs, selection } = recordedRuns();
  const d = diffRuns(runs[2]!, runs[1]!, selection);
  assert.equal(d.files, { added: ['src/new.js'], removed: [], modified: ['README.md'] });
  assert.equal(d.buildArgs, []);
  assert.equal(d.flips.map((f) => [f.line, f.before, f.after, f.reason]), [[1, 'rebuilt', 'cached', null], [2, 'rebuilt', 'cached', null], [4, 'rebuilt', 'cached', null], [5, 'rebuilt', 'cached', null]]);
  const args = diffRuns(runs[1]!, runs[0]!, selection);
  assert.equal(args.buildArgs, [{ name: 'VERSION', before: null, after: '2' }]);
  assert.equal(args.files, { added: [], removed: [], modified: [] });
  assert.equal(args.flips.map((f) => [f.line, f.before, f.after, f.reason]), [[5, 'cached', 'rebuilt', 'env-changed']]);
});

t('the base image comes from the recorded FROM step', () => {
  const { runs } = recordedRuns();
  assert.equal(runs[0]!.steps.map(recordedBaseRef).filter(Boolean), ['docker.io/library/node:20-alpine', 'docker.io/library/node:20-alpine']);
});

t('the plain listing: timeline lines, each with what changed since the run before', () => {
  const { runs, selection } = recordedRuns();
  const text = renderHistoryText('/ctx', runs, selection);
  assert.match(text, /^3 runs of \/ctx, newest first \(times in UTC\)\n\n2026-01-03 10:00:00  assumed plan  Dockerfile  buildkit  4 cached, 4 rebuilt\n  since 2026-01-02 10:00:00 \(assumed plan\):\n  steps that changed \(1\):\n    line 5  RUN npm ci .*…  cached → rebuilt: build args \/ env changed\n  build args changed:\n    VERSION: \(unset\) → "2"\n/);
  assert.match(text, /2026-01-02 10:00:00 .*\n(.*\n)*  files changed \(2\):\n    modified  README.md\n    added     src\/new.js\n/);
  assert.match(text, /2026-01-01 10:00:00  assumed plan  Dockerfile  buildkit  1 cached, 7 rebuilt\n$/);
  assert.match(renderHistoryText('/ctx', [], selection), /no runs recorded for \/ctx; run `layerplan build \/ctx` first/);
});

t('JSON: schemaVersion, every run with steps and its diff (null for the oldest)', () => {
  const { runs, selection } = recordedRuns();
  const json = historyJson('/ctx', runs, selection) as { schemaVersion: number; runs: { id: string; diff: unknown; steps: unknown[] }[] };
  assert.is(json.schemaVersion, 1);
  assert.equal(json.runs.map((r) => r.id), ['run-2', 'run-1', 'run-0']);
  assert.is(json.runs[2]!.diff, null);
  assert.is(json.runs[0]!.steps.length, 12);
});

/** A recorded plan turned into a real build layerplan ran: the builder did what the plan said, rebuilt steps took 1.5 s. */
function asReal(run: RunRecord): RunRecord {
  const steps = run.steps.map((st) => (st.key && (st.status === 'cached' || st.status === 'rebuilt') && st.ordinal > 0 ? { ...st, actual: st.status, seconds: st.status === 'rebuilt' ? 1.5 : 0 } : { ...st, actual: null }));
  return { ...run, source: 'exec', steps, exec: { command: 'docker build', argv: [], version: null, exitStatus: 0, seconds: 12, bases: [], unmatched: [] } };
}

t('real builds: the timeline says what each run is and what it took; d diffs a real build with the real build before it, with why it missed', () => {
  const { runs, selection } = recordedRuns();
  const plan = { ...runs[2]!, id: 'plan-between', time: '2026-01-02T12:00:00.000Z' };
  const list = [asReal(runs[0]!), plan, asReal(runs[1]!), runs[2]!];
  assert.is(previousRun(list, 0)?.id, 'run-1');
  assert.is(previousRun(list, 1)?.id, 'run-1');
  assert.is(previousRun(list, 2)?.id, 'run-0', 'the first real build is compared with the plan before it');
  const d = diffRuns(list[2]!, list[0]!, selection);
  assert.equal(d.flips.map((f) => [f.line, f.before, f.after, f.reason]), [[5, 'cached', 'rebuilt', 'env-changed']]);
  const row = timelineRow(list[0]!);
  assert.equal([row.source, row.seconds, timelineRow(plan).source], ['exec', 12, 'assumed']);
  const text = renderHistoryText('/ctx', list, selection);
  assert.match(text, /2026-01-03 10:00:00  real, exec    Dockerfile  buildkit  4 cached, 4 rebuilt, 12s\n  rebuilt steps took: line \d+ 1.5s, .*\n  since 2026-01-02 10:00:00 \(real, exec\):\n/);
  assert.match(text, /2026-01-02 12:00:00  assumed plan  Dockerfile/);
});

t.run();
