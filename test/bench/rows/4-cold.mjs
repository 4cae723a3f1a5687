// A cold plan of the large context (a fresh store: no stat cache, every file read and hashed) beside
// single-threaded `xxhsum -H64` over the same files: reading and hashing the bytes once.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, cliEnv, paired, timed } from '../measure.mjs';
import { ensureContext, keptFiles } from './context.mjs';

export const what = 'cold plan of the same context (no stat cache)';
export const reference = '`xxhsum -H64` over all files';
export const target = 1.5;

export async function run() {
  const { context, dockerfile } = ensureContext();
  if (spawnSync('xxhsum', ['--version']).status !== 0) return { skipped: 'xxhsum is not installed (Debian: apt-get install xxhash)' };
  const plan = () => {
    const cache = mkdtempSync(path.join(tmpdir(), 'lp-bench-cold-'));
    try {
      return timed(BIN, ['build', context, '-f', dockerfile, '--json', '--dry-run'], { env: cliEnv(cache) });
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  };
  return paired(plan, () => timed('sh', ['-c', `${keptFiles(context)} | xargs -0 xxhsum -H64 > /dev/null`]));
}
