#!/usr/bin/env node
// Bundles the CLI for bin/layerplan: minified ES modules in dist/bundle, main.js first.
// Types are checked by tsc (`npm run typecheck`); tests run on tsc's dist/ output and on this bundle.
//
// Why layers: esbuild splits at every dynamic import (each command, the TUI with Ink and React, the image
// reader, the YAML readers...) and puts each module in the chunk of exactly the set of entry points that
// reach it, so ~30 entries sharing the planner in different combinations gave ~90 chunks, ~40 of them
// loaded by `build`: resolving, reading and compiling each costs start-up time the pre-commit hook pays.
// esbuild has no manualChunks, so this emulates them. A layer is a set of modules closed under static
// imports (below); a second pass gives every entry that reaches any module of a layer an import of the
// whole layer (a virtual module importing each of them), so all of a layer's modules are reached by the
// same entries and land in one chunk. A run then loads main.js, one chunk per layer it uses, the small
// entry chunk of its command, and whatever it imports lazily (the TUI, the image reader, YAML, the engine
// client) only when it does. The hash worker gets no layers: it runs in its own thread and loads only
// what it imports, so the few modules it shares with a layer are split out of it into a chunk of their own.
// dist/bundle/meta.json (esbuild's metafile) says which source modules each chunk holds: the start-up
// test reads it to tell which dependencies a run loaded.
// usage: node scripts/bundle.mjs [--quiet] [--no-minify]   (--no-minify: readable names in CPU profiles)
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const outdir = path.join(root, 'dist/bundle');
const WORKER = 'src/context/hash-worker.ts';

/**
 * The layers, in order; each holds the static-import closure of its roots minus the earlier layers.
 * base: what every command loads and what inspect and build share (flags, the context walk, the
 * ignore rules); plan: the rest of what build loads (parser, graph, keys, plan, store, views);
 * repo: the rest of what check loads (git, the rules, the findings views).
 */
const LAYERS = [
  { name: 'base', roots: ['src/cli/main.ts'], shared: ['src/cli/commands/inspect.ts', 'src/cli/commands/build.ts'] },
  { name: 'plan', roots: ['src/cli/commands/build.ts'] },
  { name: 'repo', roots: ['src/cli/commands/check.ts'] },
];

/** dockerfile-ast's import of vscode-languageserver-types, answered by the two functions it uses. */
const lspTypesShim = {
  name: 'lsp-types-shim',
  setup(b) {
    b.onResolve({ filter: /^vscode-languageserver-types$/ }, (args) =>
      /[\\/]dockerfile-ast[\\/]/.test(args.importer) ? { path: path.join(root, 'scripts/lsp-types-shim.mjs') } : undefined);
  },
};

const options = {
  absWorkingDir: root,
  // hash-worker is loaded by URL (new Worker(new URL('./hash-worker.js', import.meta.url))), so it is an
  // entry of its own beside the chunk that starts it: every output lands flat in dist/bundle.
  entryPoints: { main: 'src/cli/main.ts', 'hash-worker': WORKER },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  sourcemap: 'linked',
  metafile: true,
  chunkNames: 'chunk-[hash]',
  entryNames: '[name]',
  // React and Ink pick their production builds from NODE_ENV; the development ones are dead weight here.
  define: { 'process.env.NODE_ENV': '"production"' },
  // Ink imports its devtools only when DEV=true, and they need a package we do not ship.
  external: ['react-devtools-core'],
  // Bundled CommonJS (dockerfile-ast, signal-exit) calls require() for node: built-ins.
  banner: { js: "import{createRequire as __lpRequire}from'node:module';const require=__lpRequire(import.meta.url);" },
  logLevel: 'warning',
};

/** Builds dist/bundle and returns esbuild's metafile. */
export async function bundle({ minify = true } = {}) {
  rmSync(outdir, { recursive: true, force: true });
  // First pass: only the import graph (nothing written), to find the layers and who reaches them.
  const graph = (await build({ ...options, write: false, sourcemap: false, minify: false, plugins: [lspTypesShim] })).metafile.inputs;
  const plan = layerPlan(graph);
  const result = await build({ ...options, minify, plugins: [lspTypesShim, layersPlugin(plan)] });
  writeFileSync(path.join(outdir, 'meta.json'), JSON.stringify(result.metafile));
  return result.metafile;
}

/** Static imports of each module (metafile input paths), bundled modules only. */
function staticEdges(graph) {
  const edges = new Map();
  for (const [file, input] of Object.entries(graph)) edges.set(file, input.imports.filter((i) => i.kind !== 'dynamic-import' && graph[i.path]).map((i) => i.path));
  return edges;
}

function closure(edges, roots) {
  const seen = new Set();
  const stack = [...roots];
  while (stack.length) {
    const f = stack.pop();
    if (seen.has(f) || !edges.has(f)) continue;
    seen.add(f);
    stack.push(...edges.get(f));
  }
  return seen;
}

/**
 * The layers' modules, and which layers each entry (a static entry or a dynamic import's target)
 * must import so that every entry reaching a layer reaches all of it: repeated until nothing changes,
 * because a layer's import can make its entry reach a further layer.
 */
function layerPlan(graph) {
  const edges = staticEdges(graph);
  const taken = new Set();
  const layers = LAYERS.map((l) => {
    let modules = closure(edges, l.roots);
    if (l.shared) {
      const [a, b] = l.shared.map((r) => closure(edges, [r]));
      modules = new Set([...modules, ...[...a].filter((f) => b.has(f))]);
      modules = closure(edges, [...modules]);
    }
    const own = [...modules].filter((f) => !taken.has(f));
    for (const f of own) taken.add(f);
    return { name: l.name, modules: own, set: new Set(own) };
  });
  const entries = new Set(Object.values(options.entryPoints));
  for (const input of Object.values(graph)) for (const i of input.imports) if (i.kind === 'dynamic-import' && graph[i.path]) entries.add(i.path);
  entries.delete(WORKER);
  const wants = new Map([...entries].map((e) => [e, new Set()]));
  for (let changed = true; changed;) {
    changed = false;
    for (const [entry, names] of wants) {
      const reach = closure(edges, [entry, ...layers.filter((l) => names.has(l.name)).flatMap((l) => l.modules)]);
      for (const l of layers) {
        if (names.has(l.name) || !l.modules.some((f) => reach.has(f))) continue;
        names.add(l.name);
        changed = true;
      }
    }
  }
  for (const [entry, names] of wants) if (!names.size) wants.delete(entry);
  return { layers, wants };
}

/** The second pass: `lp-layer:NAME` imports a layer's modules; each entry that must, imports its layers first. */
function layersPlugin({ layers, wants }) {
  const abs = (f) => path.resolve(root, f);
  const byPath = new Map([...wants].map(([f, names]) => [abs(f), [...names]]));
  return {
    name: 'layers',
    setup(b) {
      b.onResolve({ filter: /^lp-layer:/ }, (args) => ({ path: args.path.slice('lp-layer:'.length), namespace: 'lp-layer' }));
      b.onLoad({ filter: /.*/, namespace: 'lp-layer' }, (args) => ({
        contents: layers.find((l) => l.name === args.path).modules.map((f) => `import ${JSON.stringify(abs(f))};`).join('\n'),
        resolveDir: root,
        loader: 'js',
      }));
      b.onLoad({ filter: /\.(ts|tsx|js|mjs)$/ }, (args) => {
        const names = byPath.get(args.path);
        if (!names) return undefined;
        const ext = path.extname(args.path).slice(1);
        const head = names.map((n) => `import "lp-layer:${n}";`).join('');
        return { contents: head + readFileSync(args.path, 'utf8'), loader: ext === 'mjs' ? 'js' : ext };
      });
    },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const meta = await bundle({ minify: !process.argv.includes('--no-minify') });
  if (!process.argv.includes('--quiet')) {
    const js = Object.entries(meta.outputs).filter(([f]) => f.endsWith('.js'));
    const total = js.reduce((n, [, o]) => n + o.bytes, 0);
    const main = meta.outputs['dist/bundle/main.js']?.bytes ?? 0;
    console.log(`dist/bundle: ${js.length} files, ${(total / 1024).toFixed(0)} KiB (main.js ${(main / 1024).toFixed(0)} KiB)`);
  }
}
