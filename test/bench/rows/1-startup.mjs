// `build --json` of the small example (node-app) against a warm store (its plan recorded as built, so
// every step is cached), beside `node -e 0`: what layerplan costs over starting node at all.
// The bundle's cores start from V8's code cache (scripts/bundle-loader.cjs), written by a core's first
// run and again by the first run of each other route (command and flag names): the row's runs share one
// cache folder of their own, warmed by the run that records the build (so the first measured run adds
// its own route, as a user's would), and the note under the table gives the first run's cost (a new
// cache folder for each run, and no remembered Dockerfile parse or prepared graph: app/parse-memo.ts), which every install
// or upgrade pays once.
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RACY_WINDOW_MS } from '../../../dist/src/context/stat-cache.js';
import { BIN, cliEnv, median, paired, recordAsBuilt, repo, RUNS, timed } from '../measure.mjs';

export const what = '`build --json`, small example (node-app), warm store';
export const reference = '`node -e 0`';
export const target = 1.5;

export async function run() {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-bench-startup-'));
  try {
    const app = path.join(dir, 'node-app');
    cpSync(path.join(repo, 'examples-dockerfiles/node-app'), app, { recursive: true });
    // A warm store's context was not written a moment ago. Every file of a fresh copy has a ctime of now,
    // inside the stat cache's racy window (src/context/stat-cache.ts) of the runs that follow at once: each
    // of them hashed the whole context again and rewrote its stat cache and selection memo, as for files
    // being edited, which is the first row of a re-plan, not this one's.
    waitMs(RACY_WINDOW_MS + 100);
    const env = { ...cliEnv(path.join(dir, 'cache')), LAYERPLAN_CODE_CACHE_DIR: path.join(dir, 'code') };
    recordAsBuilt(['build', app], env);
    const args = ['build', app, '--json', '--dry-run'];
    // The reference is node started as bin/layerplan starts it: without NODE_EXTRA_CA_CERTS (the bin's first
    // lines), so the row shows what layerplan itself costs over node's start wherever that variable is set.
    const nodeEnv = { ...process.env };
    delete nodeEnv.NODE_EXTRA_CA_CERTS;
    const node0 = () => timed(process.execPath, ['-e', '0'], { env: nodeEnv });
    const warm = paired(() => timed(BIN, args, { env }), node0);
    let n = 0;
    // A version's first run has neither its code cache nor its remembered Dockerfile (its parse and prepared graph; the
    // run writes both): a new code cache folder each, and the remembered Dockerfile removed before the run is timed.
    const firstRun = () => {
      forgetParses(path.join(dir, 'cache'));
      return timed(BIN, args, { env: { ...env, LAYERPLAN_CODE_CACHE_DIR: path.join(dir, `code-${n++}`) } });
    };
    const first = paired(firstRun, node0);
    const note = `first run of a version (no code cache or remembered parse yet, so both are written): ${Math.round(first.subject)} ms vs ${Math.round(first.reference)} ms, ${first.ratio.toFixed(2)}× (median of ${first.runs}; runs ${first.subjectRuns.map(Math.round).join(', ')})`;
    return { ...warm, note: process.env.NODE_EXTRA_CA_CERTS ? `${note}; \`node -e 0\` as this environment starts it (NODE_EXTRA_CA_CERTS set, which bin/layerplan does not pass on to its own node): ${Math.round(asIs())} ms` : note };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `node -e 0` in this environment as it is, CA bundle and all (median of RUNS). */
function asIs() {
  return median(Array.from({ length: RUNS }, () => timed(process.execPath, ['-e', '0'])));
}

function waitMs(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Removes the store's remembered Dockerfiles (stat/parsed-*.json: each parse with the graphs and steps prepared from it),
 * as a new version finds none of its own.
 */
function forgetParses(store) {
  const stat = path.join(store, 'stat');
  for (const f of readdirSync(stat)) if (f.startsWith('parsed-')) rmSync(path.join(stat, f));
}
