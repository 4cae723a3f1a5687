// Runs shared/conformance/replay.mjs (the scorer of recorded real-builder sequences against
// `layerplan build --json`) and keeps what a failing test should show.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type Builder = 'buildkit' | 'buildah';

// dist/test/replay/_helpers/run-replay.js -> the repository root
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
/** The shared scorer; it sits beside the repository (shared/ next to main/), so it may be absent. */
export const replayScript = path.join(repoRoot, '..', 'shared', 'conformance', 'replay.mjs');

export function hasReplayScript(): boolean {
  return fs.existsSync(replayScript);
}

export interface ReplayOutcome {
  passed: boolean;
  /** The scorer's summary and the wrongly predicted steps. */
  report: string;
}

export function runReplay(casesDir: string, builder: Builder): ReplayOutcome {
  const r = spawnSync(process.execPath, [replayScript, repoRoot, casesDir, builder, '-v'], {
    encoding: 'utf8',
    timeout: 15 * 60_000,
    maxBuffer: 64 << 20,
  });
  // With -v the scorer also lists every step of each first build, right or wrong: keep only the wrong ones.
  const lines = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n');
  const report = lines.filter((l) => !/: (buildkit|buildah) (cached|rebuilt), layerplan \2$/.test(l)).join('\n');
  return { passed: r.status === 0, report: `replay.mjs ${casesDir} ${builder} exited ${r.status ?? r.signal}:\n${report}` };
}
