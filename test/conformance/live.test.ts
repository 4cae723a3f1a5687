// Live conformance (npm run test:conformance only): re-records a few cases with the real builders, checks the
// builders still behave as recorded, then replays the fresh recordings through `layerplan build --json` with the
// repository's own harness. Without dockerd/buildah every test is reported as skipped, with builders.sh's reason.
// LAYERPLAN_LIVE_CASES=all|name,name picks the cases.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { unless } from '../_helpers/skip.js';
import { ownCasesDir, readCases, replayCase, repoRoot, type Builder } from '../replay/_helpers/replay.js';

const here = path.join(repoRoot, 'test', 'conformance');
// One case per kind of rule, each quick: content vs metadata, config-only instructions, ARG→ENV, multi-stage.
const DEFAULT_CASES = ['touch-vs-content', 'metadata-above-run', 'env-from-arg', 'copy-from-index', 'run-exec-vs-shell'];

function chosenCases(): string[] {
  const pick = process.env.LAYERPLAN_LIVE_CASES;
  if (pick === 'all') return fs.readdirSync(ownCasesDir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
  return pick ? pick.split(',').map((s) => s.trim()).filter(Boolean) : DEFAULT_CASES;
}

function run(cmd: string, args: string[]): { status: number | null; output: string } {
  const r = spawnSync(cmd, args, { cwd: repoRoot, encoding: 'utf8', timeout: 30 * 60_000, maxBuffer: 64 << 20 });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

const live = suite('conformance: live builders');
const start = run('bash', [path.join(here, 'builders.sh'), 'start']);
const test = unless(live, 'conformance/live', start.status === 0 ? null : `needs dockerd and buildah; builders.sh start said: ${start.output.split('\n').join(' | ')}`);
const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'live-cases-'));
const cases = chosenCases();

test(`builders still do what ${cases.length} stored recordings say`, () => {
  const files = cases.map((c) => path.join(ownCasesDir, `${c}.json`));
  for (const f of files) assert.ok(fs.existsSync(f), `no recorded case ${f}`);
  const r = run(process.execPath, [path.join(here, 'record.mjs'), ...files, '--out', fresh, '--compare']);
  assert.is(r.status, 0, `record.mjs --compare found differences:\n${r.output}`);
});

for (const builder of ['buildkit', 'buildah'] as Builder[]) {
  test(`layerplan build --json predicts the fresh ${builder} recordings`, async () => {
    const recorded = readCases(fresh);
    assert.is(recorded.length, cases.length, 'not every case was recorded');
    let steps = 0;
    for (const { file, recorded: c } of recorded) {
      const outcome = await replayCase(c, builder);
      steps += outcome.steps;
      assert.equal(outcome.wrong, [], `${file} (${builder}):\n${outcome.wrong.join('\n')}`);
    }
    assert.ok(steps > 0, `no ${builder} step was scored in ${recorded.length} fresh recordings`);
  });
}

live.after(() => fs.rmSync(fresh, { recursive: true, force: true }));

live.run();
