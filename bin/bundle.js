'use strict';
// The bundle both bins run (dist/bundle/main.cjs, the loader: see scripts/bundle.mjs), or one line saying
// how to build it when it is missing (a clone without `npm install`, or a package built without it).
// The bins are CommonJS (bin/package.json): see scripts/bundle-loader.cjs for why.
const path = require('node:path');

const file = path.join(__dirname, '../dist/bundle/main.cjs');

exports.loadBundle = function loadBundle() {
  restoreCaCerts(process.env);
  try {
    return require(file);
  } catch (err) {
    if (err?.code !== 'MODULE_NOT_FOUND' || !String(err.message).includes(file)) throw err;
    process.stderr.write('layerplan: dist/bundle/main.cjs is missing; run `npm install` (or `npm run bundle`) in the package folder\n');
    process.exit(3);
  }
};

/**
 * Ends a run with main's exit code. When the run left nothing to wait for (no handle or request that keeps
 * Node's loop going, no beforeExit listener to call), Node would end it now all the same, but first run
 * the tasks V8 has posted meanwhile: most often a young-generation GC, ~1.2 ms of a 20 ms build --json,
 * started right before its memory goes back to the OS. process.exit() ends it without them ('exit'
 * listeners still run). Called from main's promise, it checks in a tick, which comes after every microtask
 * queued by then has run: a promise chain still settling there may yet start I/O, and then it is waited for.
 */
exports.finish = function finish(code) {
  process.exitCode = code;
  process.nextTick(() => {
    if (process.getActiveResourcesInfo().length === 0 && process.listenerCount('beforeExit') === 0) process.exit(code);
  });
};

// The bins start node without NODE_EXTRA_CA_CERTS (see the top of bin/layerplan) and carry its value here:
// the programs layerplan runs (a builder, git, a user's --exec command) get it back as it was.
function restoreCaCerts(env) {
  const carried = env.LAYERPLAN_NODE_EXTRA_CA_CERTS;
  if (carried === undefined) return;
  delete env.LAYERPLAN_NODE_EXTRA_CA_CERTS;
  if (env.NODE_EXTRA_CA_CERTS === undefined) env.NODE_EXTRA_CA_CERTS = carried;
}
