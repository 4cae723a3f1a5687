// `build --json` of the small example (node-app) against a warm store (its plan recorded as built, so
// every step is cached), beside `node -e 0`: what layerplan costs over starting node at all.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, cliEnv, paired, recordAsBuilt, repo, timed } from '../measure.mjs';

export const what = '`build --json`, small example (node-app), warm store';
export const reference = '`node -e 0`';
export const target = 1.5;

export async function run() {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-bench-startup-'));
  try {
    const app = path.join(dir, 'node-app');
    cpSync(path.join(repo, 'examples-dockerfiles/node-app'), app, { recursive: true });
    const env = cliEnv(path.join(dir, 'cache'));
    recordAsBuilt(['build', app], env);
    return paired(
      () => timed(process.execPath, [BIN, 'build', app, '--json', '--dry-run'], { env }),
      () => timed(process.execPath, ['-e', '0']),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
