// Replays every recorded real-builder edit sequence through `layerplan build --json` with the repository's own
// harness (test/replay/_helpers/replay.ts), for BuildKit and buildah: our recordings (test/conformance/cases) in
// every run, and the shared ones (../shared/conformance/cases, or $LAYERPLAN_SHARED_DIR/conformance/cases) as an
// extra when they are there. One test per case and builder, under the model of the builder version that recorded
// it (`result.versions`); it fails listing each step predicted wrong and each rebuilt step whose reason does not
// fit the edit that caused it (reason-check.ts).
import fs from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { unless } from '../_helpers/skip.js';
import { modelFor, ownCasesDir, ownFlagCasesDir, readCases, replayCase, repoRoot } from './_helpers/replay.js';

const BUILDERS = ['buildkit', 'buildah'] as const;
// shared/ sits beside main/, or two levels above a worktree (wt/NAME).
const sharedRoot = process.env.LAYERPLAN_SHARED_DIR ?? [path.join(repoRoot, '..', 'shared'), path.join(repoRoot, '..', '..', 'shared')].find((d) => fs.existsSync(d)) ?? path.join(repoRoot, '..', 'shared');
const sharedDir = path.join(sharedRoot, 'conformance', 'cases');
const sharedCurrentDir = path.join(sharedRoot, 'conformance', 'cases-current');
/** The shared sets say their versions in their README, not in each file. */
const CURRENT = { buildkit: '28.5.2', buildah: '1.43.0' };

const replay = suite('replay recordings');

/** Registers one test per case and builder; cases the builder failed on in every build have nothing to score. */
function replayAll(label: string, dir: string, test: (name: string, body: () => Promise<void>) => void, versions?: typeof CURRENT): void {
  const cases = (fs.existsSync(dir) ? readCases(dir) : []).map((c) => (versions && !c.recorded.result.versions ? { ...c, recorded: { ...c.recorded, result: { ...c.recorded.result, versions } } } : c));
  for (const builder of BUILDERS) {
    for (const { file, recorded } of cases) {
      const scored = recorded.result.builds.some((b) => Array.isArray(b[builder]));
      if (!scored) continue;
      const model = modelFor(builder, recorded);
      test(`${label} ${file}, ${model}: every recorded step predicted, every reason fits its edit`, async () => {
        const outcome = await replayCase(recorded, model);
        assert.ok(outcome.steps > 0, `${file}: no step of ${builder} was scored`);
        assert.equal(outcome.wrong, [], `${file} (${model}):\n${outcome.wrong.join('\n')}`);
        assert.equal(outcome.badReasons, [], `${file} (${model}) reasons:\n${outcome.badReasons.join('\n')}`);
      });
    }
  }
}

replay('test/conformance/cases holds the recordings, and each builder has steps to score', () => {
  const cases = readCases(ownCasesDir);
  assert.ok(cases.length >= 63, `only ${cases.length} recorded cases`);
  for (const builder of BUILDERS) {
    const steps = cases.flatMap(({ recorded }) => recorded.result.builds.flatMap((b) => b[builder] ?? []));
    assert.ok(steps.length > 100, `${builder}: only ${steps.length} recorded steps`);
  }
});

replayAll('own', ownCasesDir, (name, body) => replay(name, body));
replayAll('own-flags', ownFlagCasesDir, (name, body) => replay(name, body));
const shared = unless(replay, 'replay recordings', fs.existsSync(sharedDir) ? null : `${sharedDir} is absent (the shared recordings are an extra; set LAYERPLAN_SHARED_DIR to the shared/ folder)`);
if (fs.existsSync(sharedDir)) replayAll('shared', sharedDir, shared);
if (fs.existsSync(sharedCurrentDir)) replayAll('shared-current', sharedCurrentDir, shared, CURRENT);
else shared('shared recordings, both builders', async () => {});

replay.run();
