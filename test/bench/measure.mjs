// Paired timing for the bench table: layerplan and its reference run back to back, in alternating
// order (so neither always runs on a page cache or CPU the other just warmed), and each pair gives one
// ratio. The machine is shared, so a pair's ratio is steadier than either time: the table judges the
// median ratio and prints the median times beside it.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/**
 * The CLI under test: this checkout's bin, or BENCH_BIN (e.g. an older checkout's, for a before/after). The
 * rows execute it as npm's link, a hook or a shell does, through its first line, not as `node BIN`.
 */
export const BIN = process.env.BENCH_BIN ? path.resolve(process.env.BENCH_BIN) : path.join(repo, 'bin/layerplan');
export const RUNS = Math.max(5, Number(process.env.BENCH_RUNS ?? 7));

/** Runs a command to completion and returns its wall time in ms; throws on an exit status not in okStatus. */
export function timed(cmd, args, { okStatus = [0], ...opts } = {}) {
  const started = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28, ...opts });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (!okStatus.includes(r.status)) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status ?? r.signal}: ${(r.stderr ?? '').slice(0, 400)}`);
  return ms;
}

/** RUNS pairs of (subject, reference) times: medians of each, and the median of the pairs' ratios. */
export function paired(subject, reference, runs = RUNS) {
  const a = [];
  const b = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) { a.push(subject()); b.push(reference()); }
    else { b.push(reference()); a.push(subject()); }
  }
  return { subject: median(a), reference: median(b), ratio: median(a.map((x, i) => x / b[i])), runs, subjectRuns: a, referenceRuns: b };
}

export function median(xs) {
  const s = [...xs].sort((x, y) => x - y);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function sh(cmd, opts = {}) {
  const r = spawnSync('sh', ['-c', cmd], { encoding: 'utf8', maxBuffer: 1 << 28, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** Environment for layerplan runs: no engine (the rows time planning, not a socket timeout), no colour. */
export function cliEnv(cacheDir) {
  const env = { ...process.env, LAYERPLAN_CACHE_DIR: cacheDir, DOCKER_HOST: 'unix:///nonexistent', NO_COLOR: '1', LAYERPLAN_NO_ENGINE: '1' };
  delete env.CI;
  delete env.LAYERPLAN_ASSUME_BUILT;
  return env;
}

/**
 * Puts a plan of `args` in the store as a build (so the next plan is all cached): `--assume-built` where
 * the CLI has it, a plain run where plain runs still record (older versions, for BENCH_BIN).
 */
export function recordAsBuilt(args, env) {
  const r = spawnSync(BIN, [...args, '--assume-built', '--json'], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status === 0) return;
  timed(BIN, [...args, '--json'], { env });
}
