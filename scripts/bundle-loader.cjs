// dist/bundle/main.cjs (scripts/bundle.mjs copies this file there and fills in CORES): starts the CLI
// from one of the bundle's cores, compiled through node:vm with V8's code cache.
//
// CommonJS, as the bins are (bin/package.json): a run whose entry is an ES module starts Node's ES
// module loader (its modules, fs/promises, and an ES facade per built-in imported, which reads every
// getter of node:fs and so loads all of node:stream), ~10 ms of every command. The side chunks are ES
// modules and still load through import(), which starts that loader only when one is needed.
//
// Why: on Node 20 an ES module is parsed and compiled from scratch on every run, and for a short
// command (the pre-commit hook, build --json) that is a large share of the run. A script compiled by
// vm.Script can be given the code V8 produced for it last time (cachedData), functions compiled during
// that run included, so it starts with no parsing or compiling of what it ran before. Each core is one
// script holding the dispatcher and the commands it runs (build, check and inspect have one each, the
// full CLI another); what they import lazily (the TUI with Ink and React, the YAML readers, shared
// records...) stays in ES module chunks imported from here (sideImport), and those find the core's
// modules through globalThis.__layerplanCore, so each module exists once per process.
//
// The cache is the program's, not the project's, so it stays out of the store (which may be CI's cache
// or, wrongly, inside a build context): $LAYERPLAN_CODE_CACHE_DIR, else $XDG_CACHE_HOME/layerplan-code,
// else ~/.cache/layerplan-code; one file per core (or library), named by its content hash, node's version and
// the architecture. A missing or rejected cache is written after the run, so the first run of a core
// pays for writing it once. LAYERPLAN_CODE_CACHE=0 turns it off.
//
// V8 compiles a function when it is first called, so a cache holds what the run that wrote it called:
// one written by `check --help` leaves `check --staged` compiling most of the check command on every
// later run. So the file names the routes (command and flag names, without values) whose runs it
// covers, and a run of a route it does not name writes it again after the run, with what this run
// compiled added (V8 serializes every function that has code, the cache's own and this run's); each
// new route pays that once, up to MAX_ROUTES, after which the cache stays as it is.
//
// The bins require this file itself (its exports: main, open, finish), one file for Node's CommonJS
// loader to find, read and compile from source on every run (~0.9M instructions of a 128M build --json
// per extra file); scripts/bundle.mjs minifies it, since this source is mostly comments.
'use strict';
const { appendFileSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { Script } = require('node:vm');

/** name → { file, id }: filled in by scripts/bundle.mjs. */
const CORES = /* CORES */ {};
/**
 * The libraries a core starts when it first needs one (name → { file, id }, filled in by bundle.mjs):
 * dockerfile-ast, as `parser`. A script of its own, with a code cache of its own, because V8 writes into a
 * script's cache every function of it that has code: inside a core, the parser's functions compiled by
 * the run that wrote the core's cache (the first run of a version always parses) were deserialized by
 * every later run, which mostly reads the parse back (app/parse-memo.ts) and never calls them.
 */
const LIBRARIES = /* LIBRARIES */ {};
/** The core for the commands that have none of their own. */
const FULL = 'cli';
/** A cache file starts with this, then the JSON array of the routes it covers and a newline, then V8's data. */
const MAGIC = 'layerplan-code-cache 1 ';
/** A cache is rewritten for at most this many routes (a command run with ever new flags stops there). */
const MAX_ROUTES = 64;

let opened = null;
/** name → the library's compiled script, once per process (see LIBRARIES). */
const libraries = new Map();

restoreCaCerts(process.env);
globalThis.__layerplanLibrary = library;

/** Runs the CLI with `argv` in the core for its command (or core `name`); returns the exit code. */
async function main(argv, name = Object.hasOwn(CORES, argv[0] ?? '') ? argv[0] : FULL) {
  const core = open(name);
  try {
    return await core.exports.main(argv);
  } finally {
    core.saveCache(routeOf(argv));
    for (const lib of libraries.values()) lib.saveCache(LIBRARY_ROUTE);
  }
}

/**
 * The exports of core `name` (main, pluginArgv, PLUGIN_METADATA), compiled and run once per process:
 * a second core would hold second copies of every module, so asking for another one is an error.
 */
function open(name = FULL) {
  if (opened) {
    if (opened.name !== name) throw new Error(`layerplan: internal error: core ${name} asked for after core ${opened.name}`);
    return opened;
  }
  // The start-up test's record of what a run loads: a loader hook does not see require() or a vm script.
  if (process.env.LAYERPLAN_MODULE_LOG) appendFileSync(process.env.LAYERPLAN_MODULE_LOG, `${pathToFileURL(__filename).href}\n`);
  const file = path.join(__dirname, CORES[name].file);
  // Beside CommonJS's parameters, the two a core needs from an ES module: dynamic import, and
  // import.meta.url (for the hash worker beside it), made only when read: pathToFileURL costs ~0.5 ms.
  const meta = { get url() { return pathToFileURL(file).href; } };
  opened = { name, ...run(name, CORES[name], [sideImport, meta]) };
  return opened;
}

/** The exports of library `name` (see LIBRARIES), compiled and run at its first use in the process. */
function library(name) {
  if (!libraries.has(name)) {
    if (!Object.hasOwn(LIBRARIES, name)) throw new Error(`layerplan: internal error: no library ${name} in the bundle`);
    libraries.set(name, run(name, LIBRARIES[name], []));
  }
  return libraries.get(name).exports;
}

/** A library's cache covers one route: it is written when missing or rejected. */
const LIBRARY_ROUTE = 'any';

/**
 * Runs the bundle's script `name` (a core or a library: one function expression, esbuild's banner and
 * footer, called with CommonJS's parameters and `extra`) from its code cache; its exports, and
 * saveCache(route) for after the run, which writes the cache when it lacks the route (or is missing, or
 * was rejected). Scripts require only node: built-ins, so this file's require serves (they sit beside it).
 */
function run(name, { file: base, id }, extra) {
  const file = path.join(__dirname, base);
  if (process.env.LAYERPLAN_MODULE_LOG) appendFileSync(process.env.LAYERPLAN_MODULE_LOG, `${pathToFileURL(file).href}\n`);
  const cacheFile = codeCacheFile(name, id);
  const cached = cacheFile ? parseCache(readOrNull(cacheFile)) : null;
  const script = new Script(readFileSync(file, 'utf8'), { filename: file, cachedData: cached?.data });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require, module, file, __dirname, ...extra);
  const routes = cached === null || script.cachedDataRejected === true ? [] : cached.routes;
  let saved = false;
  const saveCache = (route) => {
    if (cacheFile === null || saved || routes.includes(route) || routes.length >= MAX_ROUTES) return;
    saved = true;
    writeCodeCache(cacheFile, [...routes, route], script.createCachedData());
  };
  return { exports: module.exports, saveCache };
}

/** import() for the core: `lp-side:NAME` is the chunk dist/bundle/NAME.js; anything else (node: built-ins) as it is. */
function sideImport(specifier) {
  return import(specifier.startsWith('lp-side:') ? pathToFileURL(path.join(__dirname, `${specifier.slice('lp-side:'.length)}.js`)).href : specifier);
}

/**
 * Ends a run with main's exit code. When the run left nothing to wait for (no handle or request that keeps
 * Node's loop going, no beforeExit listener to call), Node would end it now all the same, but first run
 * the tasks V8 has posted meanwhile: most often a young-generation GC, ~1.2 ms of a 20 ms build --json,
 * started right before its memory goes back to the OS. process.exit() ends it without them ('exit'
 * listeners still run). Called from main's promise, it checks in a tick, which comes after every microtask
 * queued by then has run: a promise chain still settling there may yet start I/O, and then it is waited for.
 */
function finish(code) {
  process.exitCode = code;
  process.nextTick(() => {
    if (process.getActiveResourcesInfo().length === 0 && process.listenerCount('beforeExit') === 0) process.exit(code);
  });
}

exports.main = main;
exports.open = open;
exports.finish = finish;

// The bins start node without NODE_EXTRA_CA_CERTS (see the top of bin/layerplan) and carry its value here:
// the programs layerplan runs (a builder, git, a user's --exec command) get it back as it was.
function restoreCaCerts(env) {
  const carried = env.LAYERPLAN_NODE_EXTRA_CA_CERTS;
  if (carried === undefined) return;
  delete env.LAYERPLAN_NODE_EXTRA_CA_CERTS;
  if (env.NODE_EXTRA_CA_CERTS === undefined) env.NODE_EXTRA_CA_CERTS = carried;
}

function codeCacheFile(name, id) {
  const env = process.env;
  if (env.LAYERPLAN_CODE_CACHE === '0') return null;
  const dir = env.LAYERPLAN_CODE_CACHE_DIR ? path.resolve(env.LAYERPLAN_CODE_CACHE_DIR) : path.join(env.XDG_CACHE_HOME || path.join(env.HOME || require('node:os').homedir(), '.cache'), 'layerplan-code');
  return path.join(dir, `${name}-${id}-${process.version}-${process.arch}.v8`);
}

/** What a run compiles depends on the command and the flags it is given, little on their values. */
function routeOf(argv) {
  const flags = [...new Set(argv.filter((a) => a.startsWith('-')).map((a) => a.split('=')[0]))].sort();
  return [...(argv[0] !== undefined && !argv[0].startsWith('-') ? [argv[0]] : []), ...flags].join(' ');
}

/** A cache file's routes and V8 data, or null when it is not one (an older format, garbage). */
function parseCache(buf) {
  if (buf === null || buf.length <= MAGIC.length || buf.toString('latin1', 0, MAGIC.length) !== MAGIC) return null;
  const end = buf.indexOf(10, MAGIC.length);
  if (end < 0) return null;
  try {
    const routes = JSON.parse(buf.toString('utf8', MAGIC.length, end));
    return Array.isArray(routes) && routes.every((r) => typeof r === 'string') ? { routes, data: buf.subarray(end + 1) } : null;
  } catch {
    return null;
  }
}

function readOrNull(file) {
  try {
    return readFileSync(file);
  } catch {
    return null;
  }
}

/**
 * Written beside and renamed, so a concurrent run reads the old cache or the new one. Caches of this
 * core unused for 30 days (another version's, another node's) go. Best effort: a folder we cannot
 * write only means no cache.
 */
function writeCodeCache(file, routes, data) {
  try {
    const dir = path.dirname(file);
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.concat([Buffer.from(`${MAGIC}${JSON.stringify(routes)}\n`), data]));
    renameSync(tmp, file);
    const prefix = `${path.basename(file).split('-')[0]}-`;
    const old = Date.now() - 30 * 86_400_000;
    for (const f of readdirSync(dir)) {
      if (f.startsWith(prefix) && f.endsWith('.v8') && statSync(path.join(dir, f)).atimeMs < old) unlinkSync(path.join(dir, f));
    }
  } catch {
    // no cache this time
  }
}
