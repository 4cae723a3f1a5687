// Replays every recorded real-builder edit sequence through `layerplan build --json` with the shared scorer:
// the shared recordings and our own (test/conformance/cases), for BuildKit and buildah. The scorer exits 0 only
// when every recorded step's cached/rebuilt status is predicted right.
import fs from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { hasReplayScript, replayScript, repoRoot, runReplay, type Builder } from './_helpers/run-replay.js';

const caseDirs = [
  { label: 'shared recordings', dir: path.join(repoRoot, '..', 'shared', 'conformance', 'cases') },
  { label: 'test/conformance recordings', dir: path.join(repoRoot, 'test', 'conformance', 'cases') },
];
const BUILDERS: Builder[] = ['buildkit', 'buildah'];

const replay = suite('replay recordings');

if (!hasReplayScript()) {
  console.log(`SKIPPED replay recordings: ${replayScript} is absent (shared/ must sit beside the repository)`);
} else {
  for (const { label, dir } of caseDirs) {
    if (!fs.existsSync(dir)) {
      console.log(`SKIPPED ${label}: ${dir} is absent`);
      continue;
    }
    for (const builder of BUILDERS) {
      replay(`${label}, ${builder}: every recorded step predicted`, () => {
        const r = runReplay(dir, builder);
        assert.ok(r.passed, r.report);
      });
    }
  }
}

replay.run();
