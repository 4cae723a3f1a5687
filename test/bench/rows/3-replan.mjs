// An unchanged re-plan of the large context (stat cache, selection memo and store warm) beside Docker 28.5's fully
// cached `docker build` of the same context and Dockerfile: what a user waits for either way to learn
// that nothing rebuilds. Skipped, with a note, where no Docker engine answers.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, cliEnv, median, paired, recordAsBuilt, timed } from '../measure.mjs';
import { ensureContext } from './context.mjs';

export const what = "unchanged re-plan, large context (stat cache and selection memo warm)";
export const reference = 'Docker 28.5 fully cached `docker build`';
export const target = 0.3;

/** The Docker CLI and engine: $BENCH_DOCKER / $DOCKER_HOST, else the 28.5 of ../shared/builders/setup-docker.sh. */
function docker() {
  const bin = process.env.BENCH_DOCKER ?? (existsSync('/tmp/d28/bin/docker') ? '/tmp/d28/bin/docker' : 'docker');
  const env = { ...process.env, DOCKER_BUILDKIT: '1' };
  if (!process.env.BENCH_DOCKER && existsSync('/tmp/d28/docker.sock')) Object.assign(env, { DOCKER_HOST: 'unix:///tmp/d28/docker.sock', DOCKER_CONFIG: '/tmp/d28/cfg' });
  const v = spawnSync(bin, ['version', '--format', '{{.Server.Version}}'], { env, encoding: 'utf8', timeout: 10_000 });
  return v.status === 0 ? { bin, env, version: v.stdout.trim() } : { skip: `no Docker engine answers (${bin}: ${(v.stderr || v.error?.message || '').trim().split('\n')[0]}); run ../shared/builders/setup-docker.sh` };
}

export async function run() {
  const { context, dockerfile } = ensureContext();
  const d = docker();
  if (d.skip) return { skipped: d.skip };
  const build = () => timed(d.bin, ['build', '--network', 'none', '-q', '-f', dockerfile, context], { env: d.env });
  console.error(`docker ${d.version}: first build of the context (sends it once; cached from then on)...`);
  build();
  const cache = mkdtempSync(path.join(tmpdir(), 'lp-bench-replan-'));
  try {
    const env = cliEnv(cache);
    recordAsBuilt(['build', context, '-f', dockerfile], env);
    const plan = () => timed(BIN, ['build', context, '-f', dockerfile, '--json', '--dry-run'], { env });
    plan();
    const result = paired(plan, build);
    // The selection memo (selections-*.json beside the stat cache) answers only an unchanged snapshot: the first
    // re-plan after any change pays for the selections' digests. Timed too, memo removed before each run.
    const forget = () => { for (const f of readdirSync(path.join(cache, 'stat'))) if (f.startsWith('selections-')) rmSync(path.join(cache, 'stat', f)); };
    const first = median(Array.from({ length: result.runs }, () => (forget(), plan())));
    return { ...result, note: `docker ${d.version}; first re-plan after a change (stat cache warm, no selection memo): ${Math.round(first)} ms, ${(first / result.reference).toFixed(2)}× Docker's median` };
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}
