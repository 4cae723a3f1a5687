#!/usr/bin/env node
// Runs the uvu suites compiled into dist/test and ends with the plain line
// "N passed, N failed, N skipped" that CI reads (uvu itself prints Total/Passed/Skipped). uvu's Total counts
// the tests that ran, skipped ones apart; a skipped test prints why (test/_helpers/skip.ts: "SKIP ..."),
// and those reasons are listed above the closing line.
// usage: node test/run.mjs [--conformance] [pattern]
// bin/layerplan runs the esbuild bundle, so it is rebuilt first (well under a second): the tests that
// run the CLI as a user would always see the sources that tsc just compiled.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const { bundle } = await import(pathToFileURL(path.join(root, 'scripts/bundle.mjs')).href);
await bundle();
// tsc never deletes what it once wrote: a suite moved or deleted in test/ would still run from dist/test, against
// sources it no longer matches. Compiled suites without their source are removed first.
const removeOrphanSuites = (dir) => {
  for (const e of existsSync(dir) ? readdirSync(dir, { withFileTypes: true }) : []) {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) removeOrphanSuites(file);
    else if (e.name.endsWith('.test.js')) {
      const source = path.join(root, 'test', path.relative(path.join(root, 'dist/test'), file)).replace(/\.js$/, '');
      if (!existsSync(`${source}.ts`) && !existsSync(`${source}.tsx`)) rmSync(file);
    }
  }
};
removeOrphanSuites(path.join(root, 'dist/test'));
const args = process.argv.slice(2);
const conformance = args.includes('--conformance');
const pattern = args.find((a) => !a.startsWith('--')) ?? '.test.js$';
const uvuArgs = [path.join(root, 'node_modules/uvu/bin.js'), 'dist/test', pattern];
// Real-builder tests (dist/test/conformance/) are slow and need dockerd/buildah: test:conformance runs exactly
// those, plain runs everything else. uvu matches -i against paths relative to dist/test.
const underConformance = '^conformance(?:[\\\\/]|$)';
uvuArgs.push('-i', '_helpers', '-i', conformance ? `^(?!${underConformance.slice(1)})` : underConformance);

const child = spawn(process.execPath, uvuArgs, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
let out = '';
child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
child.on('close', (code) => {
  const num = (label) => Number(/* uvu: "  Total:     12" */ (out.match(new RegExp(`${label}:\\s+(\\d+)`)) ?? [])[1] ?? 0);
  const total = num('Total'), passed = num('Passed'), skipped = num('Skipped');
  const failed = Math.max(total - passed, code === 0 ? 0 : 1);
  const reasons = [...new Set(out.split('\n').filter((l) => l.startsWith('SKIP ')).map((l) => l.slice(5).split(' › ')[0]))];
  if (reasons.length) console.log(`skipped:\n${reasons.map((r) => `  ${r}`).join('\n')}`);
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  // A run where everything was skipped (test:conformance without builders) passes; its last line says so.
  process.exit(code === 0 && failed === 0 && total + skipped > 0 ? 0 : 1);
});
