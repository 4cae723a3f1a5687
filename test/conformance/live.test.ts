// Live conformance (npm run test:conformance only): re-records a few cases with the real builders, checks the
// builders still behave as recorded, then scores `layerplan build --json` against the fresh recordings.
// Without dockerd/buildah it prints SKIPPED and passes. LAYERPLAN_LIVE_CASES=all|name,name picks the cases.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { hasReplayScript, replayScript, repoRoot, runReplay, type Builder } from '../replay/_helpers/run-replay.js';

const here = path.join(repoRoot, 'test', 'conformance');
const casesDir = path.join(here, 'cases');
// One case per kind of rule, each quick: content vs metadata, config-only instructions, ARG→ENV, multi-stage.
const DEFAULT_CASES = ['touch-vs-content', 'metadata-above-run', 'env-from-arg', 'copy-from-index', 'run-exec-vs-shell'];

function chosenCases(): string[] {
  const pick = process.env.LAYERPLAN_LIVE_CASES;
  if (pick === 'all') return fs.readdirSync(casesDir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
  return pick ? pick.split(',').map((s) => s.trim()).filter(Boolean) : DEFAULT_CASES;
}

function run(cmd: string, args: string[]): { status: number | null; output: string } {
  const r = spawnSync(cmd, args, { cwd: repoRoot, encoding: 'utf8', timeout: 30 * 60_000, maxBuffer: 64 << 20 });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

const live = suite('conformance: live builders');
const start = run('bash', [path.join(here, 'builders.sh'), 'start']);

if (start.status !== 0) {
  live('real builders unavailable', () => {
    console.log(`SKIPPED: live conformance needs dockerd and buildah; builders.sh start said:\n${start.output}`);
  });
} else {
  const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'live-cases-'));
  const cases = chosenCases();

  live(`builders still do what ${cases.length} stored recordings say`, () => {
    const files = cases.map((c) => path.join(casesDir, `${c}.json`));
    for (const f of files) assert.ok(fs.existsSync(f), `no recorded case ${f}`);
    const r = run(process.execPath, [path.join(here, 'record.mjs'), ...files, '--out', fresh, '--compare']);
    assert.is(r.status, 0, `record.mjs --compare found differences:\n${r.output}`);
  });

  for (const builder of ['buildkit', 'buildah'] as Builder[]) {
    live(`layerplan build --json predicts the fresh ${builder} recordings`, () => {
      if (!hasReplayScript()) {
        console.log(`SKIPPED: ${replayScript} is absent`);
        return;
      }
      assert.ok(fs.readdirSync(fresh).length > 0, 'nothing was recorded');
      const r = runReplay(fresh, builder);
      assert.ok(r.passed, r.report);
    });
  }

  live.after(() => fs.rmSync(fresh, { recursive: true, force: true }));
}

live.run();
