import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bin, layerplan } from '../_helpers/cli.js';
import { git, tempRepo } from '../git/_helpers/git-repo.js';

/**
 * `check --staged` reads the durations that `timings` recorded (LAYERPLAN_CACHE_DIR):
 * an unrecognised command that took 2 minutes is expensive, so a RUN inserted
 * above it is a cache bust; without the durations it is not.
 */
const t = suite('timings/check');
const DF = 'FROM busybox:local\nWORKDIR /app\nCOPY app.js ./\nRUN ./build-everything.sh\n';
const LOG = '#1 [internal] load build definition from Dockerfile\n#1 DONE 0.0s\n\n#6 [4/4] RUN ./build-everything.sh\n#6 DONE 125.0s\n';

t('a RUN inserted above a step that took 2 minutes is a bust; without recorded durations it is not', () => {
  const dir = tempRepo({ Dockerfile: DF, '.dockerignore': '.git\n', 'app.js': 'x', 'build-everything.sh': 'true\n' });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'init');
  const cache = mkdtempSync(path.join(tmpdir(), 'lp-timings-cache-'));
  const env = { LAYERPLAN_NO_ENGINE: '1', LAYERPLAN_CACHE_DIR: cache, GIT_CONFIG_GLOBAL: '/dev/null' };
  const recorded = spawnSync(process.execPath, [bin, 'timings', dir], { input: LOG, encoding: 'utf8', env: { ...process.env, ...env } });
  assert.is(recorded.status, 0, recorded.stderr);
  writeFileSync(path.join(dir, 'Dockerfile'), DF.replace('RUN ./build', 'RUN echo hi\nRUN ./build'));
  git(dir, 'add', 'Dockerfile');
  const withTimings = layerplan(['check', '--staged', '--json'], { cwd: dir, env });
  const rules = (r: { stdout: string }): string[] => (JSON.parse(r.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId);
  assert.equal(rules(withTimings), ['LP111'], withTimings.stderr);
  assert.match(withTimings.stdout, /≈ 2m 5s in recorded builds/);
  const without = layerplan(['check', '--staged', '--json'], { cwd: dir, env: { ...env, LAYERPLAN_CACHE_DIR: mkdtempSync(path.join(tmpdir(), 'lp-timings-cache-')) } });
  assert.equal(rules(without), []);
});

t.run();
