#!/usr/bin/env node
// Bundles the CLI for bin/layerplan into dist/bundle. Types are checked by tsc (`npm run typecheck`);
// tests run on tsc's dist/ output and on this bundle.
//
//   main.cjs           the loader (scripts/bundle-loader.cjs): picks the core for the command and runs it
//   core-NAME.vm.js    a core: the dispatcher and the commands it runs, one script compiled through
//                      node:vm with V8's code cache (see the loader for why); build, check and inspect
//                      have one each, `cli` holds every command (the others, and anything unusual)
//   side-*.js, chunk-*.js  ES modules a core imports lazily (the TUI with Ink and React, the YAML readers,
//                      shared records...), split by esbuild; what most runs of a core import lazily (a
//                      build's engine client) is held by the core all the same (LAZY_HELD)
//   hash-worker.cjs    the hashing thread, on its own, CommonJS like the loader (see there why)
//   parser.vm.js       dockerfile-ast, a script like a core, compiled by the loader with its own code
//                      cache at the first parse of a run (see LIBRARIES in the loader for why)
//
// A module a core holds exists once per process: the side chunks import every module that some core
// holds through a stub (lp-pick) that takes the loaded core's copy (globalThis.__layerplanCore) and
// falls back to a copy of its own when that core has none, so a class is one class for instanceof and a
// module's state is one state. A core's dynamic import of a command it does not hold is an internal error
// (the loader never sends that command there).
// dist/bundle/meta.json merges esbuild's metafiles: which source modules each output holds, for the
// start-up test.
// usage: node scripts/bundle.mjs [--quiet] [--no-minify]   (--no-minify: readable names in CPU profiles)
import { build, transform, version as esbuildVersion } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const outdir = path.join(root, 'dist/bundle');
const MAIN = 'src/cli/main.ts';
const WORKER = 'src/context/hash-worker.ts';
/** The remembered Dockerfiles' module: the sources it is built from name the code its answers come from. */
const MEMO = 'src/app/parse-memo.ts';
/** parseDockerfile's module (started lazily: lazyParser). */
const PARSER = 'src/parse/from-dockerfile-ast.ts';

/** The cores: name → the command modules they hold beside the dispatcher (null: all of them). */
const CORES = {
  build: ['src/cli/commands/build.ts'],
  check: ['src/cli/commands/check.ts'],
  inspect: ['src/cli/commands/inspect.ts'],
  cli: null,
};
/**
 * Modules imported lazily that a core holds all the same, since most of its runs import them: a plain
 * `build` asks the engine (for base images, its build history and cache) unless told not to, and as
 * side chunks that cost every such run Node's ES module loader and 16 files compiled without the code
 * cache (CPU 185 vs 136 ms for `build --json` with and without an engine to ask). Held, they are still
 * initialized only when imported (esbuild's lazy module init), so a run without an engine pays little.
 */
const LAZY_HELD = {
  build: ['src/engine/index.ts', 'src/app/engine-builds.ts', 'src/app/cache-held.ts'],
  check: ['src/app/check-shared.ts', 'src/views/basis-text.ts'],
  cli: ['src/engine/index.ts', 'src/app/engine-builds.ts', 'src/app/cache-held.ts'],
};

/** dockerfile-ast's import of vscode-languageserver-types, answered by the two functions it uses. */
const lspTypesShim = {
  name: 'lsp-types-shim',
  setup(b) {
    b.onResolve({ filter: /^vscode-languageserver-types$/ }, (args) =>
      /[\\/]dockerfile-ast[\\/]/.test(args.importer) ? { path: path.join(root, 'scripts/lsp-types-shim.mjs') } : undefined);
  },
};

/**
 * dockerfile-ast, as our modules import it (parseDockerfile's, and inspect's reader of the Dockerfile an
 * image was built from), started by the first parse: its ~30 CommonJS modules ran at every start of a
 * command that plans (~0.5 ms), also when app/parse-memo.ts answers the parse from its file, as it does
 * for an unchanged Dockerfile. The package itself is parser.vm.js (buildParser), which the loader compiles
 * and runs: every output the stand-in is in runs inside a core, or is imported by one. The stand-in has
 * only the one member those modules use, so a use of any other fails the bundle. It names the start in
 * $LAYERPLAN_MODULE_LOG for the start-up test, as the loader does its files (a loader hook does not see
 * code inside a core).
 */
const lazyParser = {
  name: 'lazy-parser',
  setup(b) {
    b.onResolve({ filter: /^dockerfile-ast$/ }, (args) =>
      rel(args.importer).startsWith('src/') ? { path: 'dockerfile-ast', namespace: 'lp-lazy-parser', pluginData: path.dirname(args.importer) } : undefined);
    b.onLoad({ filter: /.*/, namespace: 'lp-lazy-parser' }, (args) => ({
      contents: [
        'let started;',
        'function start() {',
        `  ${startLine('dockerfile-ast')}`,
        "  return globalThis.__layerplanLibrary('parser');",
        '}',
        'export const DockerfileParser = { parse: (text) => (started ??= start()).DockerfileParser.parse(text) };',
      ].join('\n'),
      resolveDir: args.pluginData,
      loader: 'js',
    }));
  },
};

/**
 * `name` started: a line in $LAYERPLAN_MODULE_LOG for the start-up test, which sees neither code inside a
 * core nor when a module in it runs (a loader hook sees files).
 */
const startLine = (name) => `if (process.env.LAYERPLAN_MODULE_LOG) require('node:fs').appendFileSync(process.env.LAYERPLAN_MODULE_LOG, ${JSON.stringify(`lp-started:${name}\n`)});`;

/** A core's LAZY_HELD modules name their start (startLine), so the start-up test can tell that a run did not start them. */
const startMark = (files) => ({
  name: 'start-mark',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      const file = rel(args.path);
      if (!files.includes(file)) return undefined;
      // On the first line, so the source map's lines still fit.
      return { contents: `${startLine(file)}${readFileSync(args.path, 'utf8')}`, loader: 'ts' };
    });
  },
});

/**
 * The bundle's hash worker is hash-worker.cjs (see buildWorker): hash-pool.ts names it so in every
 * output that holds it (tsc's dist/ keeps its ES module hash-worker.js).
 */
const workerFile = {
  name: 'worker-file',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]context[\\/]hash-pool\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const contents = text.replace("new URL('./hash-worker.js', import.meta.url)", "new URL('./hash-worker.cjs', import.meta.url)");
      if (contents === text) throw new Error("bundle: hash-pool.ts no longer has new URL('./hash-worker.js', import.meta.url)");
      return { contents, loader: 'ts' };
    });
  },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  metafile: true,
  // React and Ink pick their production builds from NODE_ENV; the development ones are dead weight here.
  define: { 'process.env.NODE_ENV': '"production"' },
  // Ink imports its devtools only when DEV=true, and they need a package we do not ship.
  external: ['react-devtools-core'],
  logLevel: 'warning',
};
// Bundled CommonJS (dockerfile-ast, signal-exit) calls require() for node: built-ins.
const ESM_BANNER = "import{createRequire as __lpRequire}from'node:module';const require=__lpRequire(import.meta.url);";

/** Builds dist/bundle and returns the merged metafile. */
export async function bundle({ minify = true } = {}) {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const graph = await importGraph();
  // Every output names the code of the remembered Dockerfiles (each build below starts from `common`).
  common.define = { ...common.define, __LP_PREPARE_ID__: JSON.stringify(prepareId(graph)) };
  const cores = Object.entries(CORES).map(([name, commands]) => ({ name, world: world(graph, commands, LAZY_HELD[name] ?? []) }));
  const side = new Map();
  const meta = { inputs: {}, outputs: {} };
  const ids = {};
  for (const core of cores) ids[core.name] = await buildCore(core, graph, side, meta, minify);
  await buildSide(side, graph, cores, meta, minify);
  await buildWorker(meta, minify);
  const parser = await buildParser(meta, minify);
  const loader = readFileSync(path.join(root, 'scripts/bundle-loader.cjs'), 'utf8');
  const filled = fill(fill(loader, 'CORES', Object.fromEntries(cores.map((c) => [c.name, { file: `./core-${c.name}.vm.js`, id: ids[c.name] }]))), 'LIBRARIES', { parser });
  // Node compiles the loader from source on every run, comments and all (the core has V8's code cache).
  const code = minify ? (await transform(filled, { minify: true, loader: 'js', format: 'cjs', target: 'node20' })).code : filled;
  writeFileSync(path.join(outdir, 'main.cjs'), code);
  meta.outputs['dist/bundle/main.cjs'] = { bytes: Buffer.byteLength(code), inputs: {}, imports: [], exports: ['main', 'open', 'finish'] };
  writeFileSync(path.join(outdir, 'meta.json'), JSON.stringify(meta));
  return meta;
}

/** The loader with its placeholder for NAME (a block comment naming it, then {}) filled with `value`. */
function fill(loader, name, value) {
  const filled = loader.replace(`/* ${name} */ {}`, JSON.stringify(value));
  if (filled === loader) throw new Error(`bundle: the loader has no /* ${name} */ placeholder`);
  return filled;
}

/** Every module's imports as resolved (metafile input paths), from one pass that writes nothing. */
export async function importGraph() {
  const r = await build({ ...common, entryPoints: [MAIN, WORKER], outdir, splitting: true, format: 'esm', write: false, sourcemap: false, plugins: [lspTypesShim] });
  const inputs = r.metafile.inputs;
  const resolved = new Map();
  for (const [file, input] of Object.entries(inputs)) {
    for (const i of input.imports) if (inputs[i.path] && i.original) resolved.set(`${file}\0${i.original}`, i.path);
  }
  return { inputs, resolved };
}

/**
 * A hash of every source app/parse-memo.ts is built from (it, the codec, prepare, the stage graph, the
 * steps' evaluation, the platform ARGs, parseDockerfile and dockerfile-ast: what it imports, transitively)
 * and of esbuild's version: a parse or a prepared Dockerfile remembered under another id may come from
 * other code.
 */
function prepareId(graph) {
  const sources = memoSources(graph);
  if (!sources.includes(PARSER)) throw new Error(`bundle: ${PARSER} is not among the sources of ${MEMO}`);
  const h = createHash('sha256').update(`esbuild ${esbuildVersion}\n`);
  for (const f of sources) h.update(`${f}\0`).update(readFileSync(path.join(root, f))).update('\0');
  return h.digest('hex').slice(0, 16);
}

/** The sources prepareId hashes, sorted: MEMO and its static imports, transitively (`inputs`: importGraph's). */
export function memoSources({ inputs }) {
  return [...reach(inputs, [MEMO])].sort();
}

/**
 * The modules `roots` import, transitively, themselves included: static imports only, or every import with
 * `dynamic`; a module `stop` names is left out with what only it imports. The one walk of the import graph
 * (`inputs`: importGraph's) that the cores, their registries and the memo's id are read off.
 */
function reach(inputs, roots, { dynamic = false, stop = () => false } = {}) {
  const seen = new Set();
  const stack = [...roots];
  while (stack.length) {
    const f = stack.pop();
    if (seen.has(f) || !inputs[f] || stop(f)) continue;
    seen.add(f);
    for (const i of inputs[f].imports) if (dynamic || i.kind !== 'dynamic-import') stack.push(i.path);
  }
  return seen;
}

/** The modules a core holds: the dispatcher's, its commands' and `lazy`'s static imports, transitively. */
function world({ inputs }, commands, lazy) {
  // The dispatcher imports each command when it is called.
  const all = inputs[MAIN].imports.filter((i) => i.kind === 'dynamic-import' && inputs[i.path]).map((i) => i.path);
  for (const f of lazy) if (!inputs[f]) throw new Error(`bundle: ${f} (LAZY_HELD) is not in the import graph`);
  // The parser is parser.vm.js, outside every core (see lazyParser).
  return reach(inputs, [MAIN, ...(commands ?? all), ...lazy], { stop: (f) => IN_PARSER.test(f) });
}

/** The modules of parser.vm.js, as metafile inputs (with the shim the package's import of LSP types gets). */
const IN_PARSER = /(^|\/)node_modules\/dockerfile-ast\/|^scripts\/lsp-types-shim\.mjs$/;

/** The modules a run of `roots` starts: their static imports, transitively, short of `lazy`. */
function startedWith({ inputs }, roots, lazy) {
  // A CommonJS package runs when first required, as before; the parser is outside every core (lazyParser).
  return reach(inputs, roots, { stop: (f) => IN_PARSER.test(f) || lazy.includes(f) || inputs[f].format !== 'esm' });
}

const rel = (abs) => path.relative(root, abs).split(path.sep).join('/');
const slug = (file) => `side-${file.replace(/^src\//, '').replace(/\.[^.]+$/, '').replace(/[^\w]+/g, '-')}`;

/**
 * A core: one CommonJS bundle wrapped in a function expression for the loader. Dynamic imports of
 * modules it does not hold become `lp-side:NAME` (a side chunk, through the loader's import), commands
 * it does not hold an error; `globalThis.__layerplanCore(id)` hands its modules to the side chunks.
 *
 * A core of one command starts it at once: its entry imports the command statically, and the
 * dispatcher's import() of it is answered from the core's registry (lp-held), so esbuild inlines the
 * modules that the dispatcher and the command import statically, where a module behind an import() or a
 * require() is wrapped in a lazy-init function (__esm) with all it imports: 127 of them in the build core,
 * each called at start (row 1's run, callgrind: 128.35M -> 127.50M instructions). The registry hands out
 * those modules as facades (see facadeImport); what else it holds (LAZY_HELD and their imports, CommonJS
 * packages) it still requires when asked, so it starts only when used.
 */
async function buildCore({ name, world: held }, graph, side, meta, minify) {
  const outside = new Set();
  const commands = CORES[name];
  const eager = startedWith(graph, [MAIN, ...(commands ?? [])], LAZY_HELD[name] ?? []);
  const registry = sharedWithSide(graph, held);
  for (const f of commands ?? []) if (!registry.includes(f)) registry.push(f);
  const abs = (f) => JSON.stringify(path.join(root, f));
  // The command first: its modules run in the order its own imports give, as when main imported it.
  const started = [...(commands ?? []), ...registry.filter((f) => eager.has(f) && !(commands ?? []).includes(f))];
  const names = await exportNames(started);
  const entry = [
    `export { main, pluginArgv, PLUGIN_METADATA } from ${abs(MAIN)};`,
    ...started.map((f) => facadeImport(f, registry.indexOf(f), names.get(f), abs(f))),
    'const facades = [];',
    'const held = {',
    ...registry.map((f, n) => `  ${JSON.stringify(f)}: () => ${started.includes(f) ? facade(n, names.get(f)) : `require(${abs(f)})`},`),
    '};',
    'globalThis.__layerplanCore = (id) => held[id]?.();',
  ].join('\n');
  const corePlugin = {
    name: 'core',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind !== 'dynamic-import' || !args.importer) return undefined;
        const target = graph.resolved.get(`${rel(args.importer)}\0${args.path}`);
        if (!target) return undefined;
        if (rel(args.importer) === MAIN && commands?.includes(target)) return { path: target, namespace: 'lp-held' };
        if (held.has(target)) return undefined;
        if (rel(args.importer) === MAIN) return { path: target, namespace: 'lp-absent' };
        side.set(slug(target), target);
        outside.add(target);
        return { path: `lp-side:${slug(target)}`, external: true };
      });
      b.onLoad({ filter: /.*/, namespace: 'lp-held' }, (args) => ({
        contents: `module.exports = globalThis.__layerplanCore(${JSON.stringify(args.path)});`,
        loader: 'js',
      }));
      b.onLoad({ filter: /.*/, namespace: 'lp-absent' }, (args) => ({
        contents: `throw new Error(${JSON.stringify(`layerplan: internal error: ${args.path} is not in the ${name} core`)});`,
        loader: 'js',
      }));
    },
  };
  const outfile = path.join(outdir, `core-${name}.vm.js`);
  const r = await build({
    ...common,
    stdin: { contents: entry, resolveDir: root, sourcefile: `core-${name}.js`, loader: 'js' },
    outfile,
    format: 'cjs',
    minify,
    write: false,
    // The loader's dynamic import, and the core's URL (read when used: making it costs every run ~0.5 ms):
    // see scripts/bundle-loader.cjs.
    define: { ...common.define, 'import.meta.url': '__lpMeta.url' },
    banner: { js: '(function (exports, require, module, __filename, __dirname, __lpIm, __lpMeta) {' },
    footer: { js: '})' },
    plugins: [lspTypesShim, lazyParser, workerFile, startMark(LAZY_HELD[name] ?? []), corePlugin],
  });
  let id = '';
  for (const out of r.outputFiles) {
    let text = out.text;
    if (out.path === outfile) {
      // Node's import() does not work in a vm script without a flag: the loader's does. Same length, so
      // the source map still fits.
      text = text.replace(/\bimport(?=\(["'](?:lp-side:|node:))/g, '__lpIm');
      if (/\bimport\(["'](?:lp-side:|node:)/.test(text)) throw new Error('bundle: an import() in a core was not rewritten');
      id = scriptId(text);
    }
    writeFileSync(out.path, text);
  }
  Object.assign(meta.inputs, r.metafile.inputs);
  Object.assign(meta.outputs, r.metafile.outputs);
  return id;
}

/**
 * A module the core starts anyway, as the registry hands it out: its exports by name (`lpN_K`), and an
 * object of getters for them made when first asked for. `import * as` would have esbuild make the
 * module's namespace object (a getter per export, through __export) when the core starts, asked for or
 * not: the build core's 22 cost row 1's run 2.07M instructions of its 123M.
 */
function facadeImport(file, n, names, from) {
  return names.length ? `import { ${names.map((x, k) => `${JSON.stringify(x)} as lp${n}_${k}`).join(', ')} } from ${from};` : `import ${from};`;
}
const facade = (n, names) => `(facades[${n}] ??= { ${names.map((x, k) => `get ${JSON.stringify(x)}() { return lp${n}_${k}; }`).join(', ')} })`;

/** The names each of `files` exports, as esbuild resolves them (re-exports included). */
async function exportNames(files) {
  if (!files.length) return new Map();
  const r = await build({ ...common, entryPoints: files, outdir, splitting: true, format: 'esm', write: false, sourcemap: false, plugins: [lspTypesShim] });
  const names = new Map();
  for (const out of Object.values(r.metafile.outputs)) if (out.entryPoint && files.includes(out.entryPoint)) names.set(out.entryPoint, out.exports);
  for (const f of files) if (!names.has(f)) throw new Error(`bundle: esbuild named no exports for ${f}`);
  return names;
}

/**
 * The modules of a core that the side chunks it can load may ask it for (through lp-pick): those it
 * holds that a module it does not hold imports, among the modules that can run in its process. This is
 * the registry its entry builds, and each entry costs the core's start (a require() made esbuild build the
 * module's namespace object, a getter per export): taken over every module of every core's side chunks,
 * the build core's registry had 62 and cost a warm build --json 3.75M of its 127M instructions; 22 now.
 * What can run: the targets of the core's dynamic imports that it does not hold (the dispatcher's are
 * other cores' commands), and everything they import in turn (through the side chunks' own copies of
 * modules the core holds too, see buildSide).
 */
function sharedWithSide({ inputs }, held) {
  const sides = [...held].filter((f) => f !== MAIN).flatMap((f) => (inputs[f]?.imports ?? []).filter((i) => i.kind === 'dynamic-import' && !held.has(i.path)).map((i) => i.path));
  const reached = reach(inputs, sides, { dynamic: true });
  const imported = new Set([...reached].filter((f) => !held.has(f)).flatMap((f) => inputs[f].imports.map((i) => i.path)));
  return [...held].filter((f) => imported.has(f));
}

/**
 * The side chunks: every module a core imports lazily and does not hold, as ES modules split by esbuild.
 * An import of a module some core holds goes through lp-pick (the loaded core's copy, else one of the
 * side's own, when the loaded core lacks it or no core is loaded) when it is made by a side chunk's
 * entry or by a module no core holds, or is of a module every core holds (the dispatcher, its errors).
 * The side's own copies import each other directly, since a stub between them would break their import
 * cycles: so a module that such a copy imports and the loaded core holds too exists twice (e.g. the
 * inspect core, without the Dockerfile parser, running inspect -f: the parser's copy uses its own
 * helpers).
 */
async function buildSide(side, graph, cores, meta, minify) {
  if (!side.size) return;
  const inAnyCore = new Set(cores.flatMap((c) => [...c.world]));
  const inEveryCore = new Set([...inAnyCore].filter((f) => cores.every((c) => c.world.has(f))));
  const entries = new Set(side.values());
  const pick = {
    name: 'pick',
    setup(b) {
      b.onResolve({ filter: /^lp-own:/ }, (args) => ({ path: args.path.slice('lp-own:'.length) }));
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point' || !args.importer || args.namespace !== 'file') return undefined;
        const from = rel(args.importer);
        const target = graph.resolved.get(`${from}\0${args.path}`);
        if (!target || !inAnyCore.has(target)) return undefined;
        return inEveryCore.has(target) || !inAnyCore.has(from) || entries.has(from) ? { path: target, namespace: 'lp-pick' } : undefined;
      });
      b.onLoad({ filter: /.*/, namespace: 'lp-pick' }, (args) => ({
        contents: `module.exports = globalThis.__layerplanCore?.(${JSON.stringify(args.path)}) ?? require(${JSON.stringify(`lp-own:${path.join(root, args.path)}`)});`,
        resolveDir: root,
        loader: 'js',
      }));
    },
  };
  const r = await build({
    ...common,
    entryPoints: Object.fromEntries(side),
    outdir,
    splitting: true,
    format: 'esm',
    minify,
    chunkNames: 'chunk-[hash]',
    entryNames: '[name]',
    banner: { js: ESM_BANNER },
    plugins: [lspTypesShim, lazyParser, workerFile, pick],
  });
  Object.assign(meta.inputs, r.metafile.inputs);
  Object.assign(meta.outputs, r.metafile.outputs);
}

/**
 * The hash worker runs in a thread of its own (new Worker(new URL('./hash-worker.cjs', import.meta.url))),
 * as CommonJS: a worker started on an ES module starts Node's ES module loader first.
 */
async function buildWorker(meta, minify) {
  const r = await build({ ...common, entryPoints: { 'hash-worker': WORKER }, outdir, format: 'cjs', outExtension: { '.js': '.cjs' }, minify, entryNames: '[name]', plugins: [lspTypesShim] });
  Object.assign(meta.inputs, r.metafile.inputs);
  Object.assign(meta.outputs, r.metafile.outputs);
}

/** A script's name in its code cache's file (the loader's): a hash of its text. */
const scriptId = (text) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** dockerfile-ast as parser.vm.js, wrapped for the loader as a core is: its { file, id }. */
async function buildParser(meta, minify) {
  const outfile = path.join(outdir, 'parser.vm.js');
  const r = await build({
    ...common,
    stdin: { contents: "module.exports = require('dockerfile-ast');", resolveDir: root, sourcefile: 'parser.js', loader: 'js' },
    outfile,
    format: 'cjs',
    minify,
    write: false,
    banner: { js: '(function (exports, require, module, __filename, __dirname) {' },
    footer: { js: '})' },
    plugins: [lspTypesShim],
  });
  let id = '';
  for (const out of r.outputFiles) {
    if (out.path === outfile) id = scriptId(out.text);
    writeFileSync(out.path, out.text);
  }
  Object.assign(meta.inputs, r.metafile.inputs);
  Object.assign(meta.outputs, r.metafile.outputs);
  return { file: './parser.vm.js', id };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const meta = await bundle({ minify: !process.argv.includes('--no-minify') });
  if (!process.argv.includes('--quiet')) {
    const js = Object.entries(meta.outputs).filter(([f]) => f.endsWith('.js'));
    const total = js.reduce((n, [, o]) => n + o.bytes, 0);
    const cores = js.filter(([f]) => f.includes('/core-')).map(([f, o]) => `${path.basename(f)} ${(o.bytes / 1024).toFixed(0)}`).join(', ');
    console.log(`dist/bundle: ${js.length} files, ${(total / 1024).toFixed(0)} KiB (KiB: ${cores})`);
  }
}
