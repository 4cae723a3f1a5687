import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compareBasis, type Plan } from '../../src/plan/index.js';
import type { RunRecord, RunSource } from '../../src/store/index.js';
import { basisLine } from '../../src/views/basis-text.js';

const t = suite('plan/basis');

function run(time: string, source: RunSource | undefined, dockerfile = '/p/Dockerfile'): RunRecord {
  const step = { stage: '0', line: 2, instruction: 'RUN x', parent: 'p', op: 'x', env: [], settings: {}, files: [], certain: true, reason: null };
  return {
    version: 1, id: time, time, ...(source ? { source } : {}), dockerfile, context: '/p', builder: 'buildkit', target: null, buildArgs: {},
    steps: [{ ...step, ordinal: 0, key: 'a', status: 'cached' }, { ...step, ordinal: 1, key: 'b', status: 'rebuilt' }, { ...step, ordinal: 2, key: null, status: 'metadata' }],
  };
}
const plan = { dockerfile: '/p/Dockerfile', builder: 'buildkit' as const, steps: [] };
const cachedStep = (key: string): Plan['steps'][number] => ({ status: 'cached', key: { key } }) as unknown as Plan['steps'][number];

t('the newest build of this Dockerfile and builder decides; older records without a source were plans assumed built', () => {
  const real = compareBasis([run('2026-12-01T10:42:00.000Z', 'exec'), run('2026-12-01T09:00:00.000Z', undefined)], plan);
  assert.equal(real, { kind: 'real-build', id: '2026-12-01T10:42:00.000Z', time: '2026-12-01T10:42:00.000Z', steps: 2, via: 'exec' });
  assert.is(basisLine(real), 'compared with the real build of 2026-12-01 10:42 UTC (2 steps)');
  const assumed = compareBasis([run('2026-12-01T10:42:00.000Z', 'exec'), run('2026-12-01T11:00:00.000Z', undefined), run('2026-12-01T11:01:00.000Z', 'assumed')], plan);
  assert.is(assumed.kind, 'assumed');
  assert.is(basisLine(assumed), 'assuming your plans up to the one of 2026-12-01 11:01 UTC were built (2 plans; --assume-built), not a real build');
  assert.is(basisLine(compareBasis([run('2026-12-01T08:00:00.000Z', 'timings')], plan)), 'compared with the real build of 2026-12-01 08:00 UTC (2 steps, read from its log)');
});

t('no build of this Dockerfile: every step a first build, or hits counted from other Dockerfiles', () => {
  const none = compareBasis([run('2026-12-01T10:42:00.000Z', 'exec', '/q/Dockerfile')], plan);
  assert.equal(none, { kind: 'none', cachedElsewhere: 0 });
  assert.match(basisLine(none), /^no real build of this Dockerfile known: every step is a first build/);
  const withHits = { ...plan, steps: [cachedStep('a'), cachedStep('in-this-build')] };
  assert.match(basisLine(compareBasis([run('2026-12-01T10:42:00.000Z', 'exec', '/q/Dockerfile')], withHits)), /: 1 step cached from builds of other Dockerfiles/);
  assert.match(basisLine(compareBasis([], withHits)), /every step is a first build/, 'hits within the build itself are not hits from elsewhere');
});

t.run();
