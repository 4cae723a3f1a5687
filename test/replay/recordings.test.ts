// Replays every recorded real-builder edit sequence through `layerplan build --json` with the repository's own
// harness (test/replay/_helpers/replay.ts), for BuildKit and buildah: our recordings (test/conformance/cases) in
// every run, and the shared ones (../shared/conformance/cases, or $LAYERPLAN_SHARED_DIR/conformance/cases) as an
// extra when they are there. One test per case and builder; it fails listing each step predicted wrong.
import fs from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { unless } from '../_helpers/skip.js';
import { ownCasesDir, readCases, replayCase, repoRoot, type Builder } from './_helpers/replay.js';

const BUILDERS: Builder[] = ['buildkit', 'buildah'];
const sharedDir = path.join(process.env.LAYERPLAN_SHARED_DIR ?? path.join(repoRoot, '..', 'shared'), 'conformance', 'cases');

const replay = suite('replay recordings');

/** Registers one test per case and builder; cases the builder failed on in every build have nothing to score. */
function replayAll(label: string, dir: string, test: (name: string, body: () => Promise<void>) => void): void {
  const cases = fs.existsSync(dir) ? readCases(dir) : [];
  for (const builder of BUILDERS) {
    for (const { file, recorded } of cases) {
      const scored = recorded.result.builds.some((b) => Array.isArray(b[builder]));
      if (!scored) continue;
      test(`${label} ${file}, ${builder}: every recorded step predicted`, async () => {
        const outcome = await replayCase(recorded, builder);
        assert.ok(outcome.steps > 0, `${file}: no step of ${builder} was scored`);
        assert.equal(outcome.wrong, [], `${file} (${builder}):\n${outcome.wrong.join('\n')}`);
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
const shared = unless(replay, 'replay recordings', fs.existsSync(sharedDir) ? null : `${sharedDir} is absent (the shared recordings are an extra; set LAYERPLAN_SHARED_DIR to the shared/ folder)`);
if (fs.existsSync(sharedDir)) replayAll('shared', sharedDir, shared);
else shared('shared recordings, both builders', async () => {});

replay.run();
