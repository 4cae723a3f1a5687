import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { diffRuns, projectRuns, recordedBaseRef, timelineRow } from '../../src/plan/run-history.js';
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
  assert.match(text, /^3 runs of \/ctx, newest first \(times in UTC\)\n\n2026-01-03 10:00:00  Dockerfile  buildkit  4 cached, 4 rebuilt\n  steps that changed \(1\):\n    line 5  RUN npm ci .*…  cached → rebuilt: build args \/ env changed\n  build args changed:\n    VERSION: \(unset\) → "2"\n/);
  assert.match(text, /2026-01-02 10:00:00 .*\n(.*\n)*  files changed \(2\):\n    modified  README.md\n    added     src\/new.js\n/);
  assert.match(text, /2026-01-01 10:00:00  Dockerfile  buildkit  1 cached, 7 rebuilt\n$/);
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

t.run();
