#!/usr/bin/env node
// Bundles the CLI for bin/layerplan: one minified ES module (dist/bundle/main.js) plus the chunks that
// esbuild splits off at each dynamic import (the TUI with Ink and React, the image reader, each command),
// so a run loads a handful of files instead of ~170 compiled modules and their dependencies' trees.
// Types are checked by tsc (`npm run typecheck`); tests run on tsc's dist/ output and on this bundle.
// dist/bundle/meta.json (esbuild's metafile) says which source modules each chunk holds: the start-up
// test reads it to tell which dependencies a run loaded.
// usage: node scripts/bundle.mjs [--quiet]
import { build } from 'esbuild';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const outdir = path.join(root, 'dist/bundle');

/** dockerfile-ast's import of vscode-languageserver-types, answered by the two functions it uses. */
const lspTypesShim = {
  name: 'lsp-types-shim',
  setup(b) {
    b.onResolve({ filter: /^vscode-languageserver-types$/ }, (args) =>
      /[\\/]dockerfile-ast[\\/]/.test(args.importer) ? { path: path.join(root, 'scripts/lsp-types-shim.mjs') } : undefined);
  },
};

/** Builds dist/bundle and returns esbuild's metafile. */
export async function bundle() {
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    // hash-worker is loaded by URL (new Worker(new URL('./hash-worker.js', import.meta.url))), so it is an
    // entry of its own beside the chunk that starts it: every output lands flat in dist/bundle.
    entryPoints: { main: 'src/cli/main.ts', 'hash-worker': 'src/context/hash-worker.ts' },
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
    plugins: [lspTypesShim],
    logLevel: 'warning',
  });
  writeFileSync(path.join(outdir, 'meta.json'), JSON.stringify(result.metafile));
  return result.metafile;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const meta = await bundle();
  if (!process.argv.includes('--quiet')) {
    const js = Object.entries(meta.outputs).filter(([f]) => f.endsWith('.js'));
    const total = js.reduce((n, [, o]) => n + o.bytes, 0);
    const main = meta.outputs['dist/bundle/main.js']?.bytes ?? 0;
    console.log(`dist/bundle: ${js.length} files, ${(total / 1024).toFixed(0)} KiB (main.js ${(main / 1024).toFixed(0)} KiB)`);
  }
}
