// Replays every recorded real-builder edit sequence through `layerplan build --json` with the shared scorer
// (shared/conformance/replay.mjs): the shared recordings and our own (test/conformance/cases), for BuildKit and
// buildah. The scorer exits 0 only when every recorded step's cached/rebuilt status is predicted right.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

// dist/test/replay/recordings.test.js -> the repository root
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const shared = path.join(repoRoot, '..', 'shared', 'conformance');
const replayScript = path.join(shared, 'replay.mjs');
const caseDirs = [
  { label: 'shared recordings', dir: path.join(shared, 'cases') },
  { label: 'test/conformance recordings', dir: path.join(repoRoot, 'test', 'conformance', 'cases') },
];
const BUILDERS = ['buildkit', 'buildah'] as const;

const replay = suite('replay recordings');

if (!fs.existsSync(replayScript)) {
  console.log(`SKIPPED replay recordings: ${replayScript} is absent (shared/ must sit beside the repository)`);
} else {
  for (const { label, dir } of caseDirs) {
    if (!fs.existsSync(dir)) {
      console.log(`SKIPPED ${label}: ${dir} is absent`);
      continue;
    }
    for (const builder of BUILDERS) {
      replay(`${label}, ${builder}: every recorded step predicted`, () => {
        const r = spawnSync(process.execPath, [replayScript, repoRoot, dir, builder, '-v'], {
          encoding: 'utf8',
          timeout: 15 * 60_000,
          maxBuffer: 64 << 20,
        });
        const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
        assert.is(r.status, 0, `replay.mjs ${path.basename(dir)} ${builder} exited ${r.status ?? r.signal}:\n${output}`);
      });
    }
  }
}

replay.run();
