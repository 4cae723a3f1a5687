#!/usr/bin/env node
// `npm run bench`: the table of issue 15, every row in one run. Each row times layerplan beside its
// reference in paired runs (test/bench/measure.mjs) and is judged by the median of the pairs' ratios
// against its target; exit 1 when any measured ratio is past its target. A row whose reference cannot
// run here (no Docker engine, no xxhsum) is skipped with a note and does not fail the run.
// usage: node test/bench/bench.mjs [ROW-PATTERN] [--extra]    (--extra adds sections/*.mjs, e.g. inspect)
// env: BENCH_RUNS (pairs per row, at least 5; default 7), BENCH_BIN (another checkout's bin/layerplan)
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BIN, RUNS } from './measure.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const pattern = args.find((a) => !a.startsWith('--'));
const only = pattern ? new RegExp(pattern) : null;

const rows = [];
for (const file of readdirSync(path.join(here, 'rows')).filter((f) => /^\d.*\.mjs$/.test(f)).sort()) {
  if (only && !only.test(file)) continue;
  const row = await import(pathToFileURL(path.join(here, 'rows', file)).href);
  console.error(`# ${row.what}`);
  try {
    rows.push({ row, result: await row.run() });
  } catch (err) {
    rows.push({ row, result: { failed: String(err?.stack ?? err) } });
  }
}

const bundle = bundleSize();
console.log(`layerplan bench: ${BIN}; ${RUNS} paired runs per row; ${bundle}`);
printTable(rows);
const past = rows.filter(({ row, result }) => result.failed || (typeof result.ratio === 'number' && result.ratio > row.target));
for (const { row, result } of rows) {
  if (result.skipped) console.log(`skipped: ${row.what}: ${result.skipped}`);
  if (result.failed) console.log(`FAILED: ${row.what}: ${result.failed}`);
  if (result.subjectRuns) console.log(`runs (ms): ${row.what}: layerplan ${list(result.subjectRuns)}; reference ${list(result.referenceRuns)}`);
  if (result.note) console.log(`note: ${row.what}: ${result.note}`);
}
console.log('ratio: median over the pairs of layerplan / reference (run back to back, order alternating); times are medians.');

if (args.includes('--extra')) await runExtraSections();
process.exit(past.length ? 1 : 0);

function printTable(list) {
  const head = ['what', 'layerplan', 'reference', 'ratio', 'target', ''];
  const cells = list.map(({ row, result }) => {
    if (result.skipped || result.failed) return [row.what, '-', row.reference, '-', `≤ ${row.target}×`, result.failed ? 'FAILED' : 'skipped'];
    return [row.what, `${Math.round(result.subject)} ms`, `${row.reference} ${Math.round(result.reference)} ms`, `${result.ratio.toFixed(2)}×`, `≤ ${row.target}×`, result.ratio <= row.target ? 'ok' : 'PAST TARGET'];
  });
  console.log(`| ${head.join(' | ')} |`);
  console.log(`| ${head.map(() => '---').join(' | ')} |`);
  for (const c of cells) console.log(`| ${c.join(' | ')} |`);
}

function list(xs) {
  return xs.map((x) => Math.round(x)).join(', ');
}

function bundleSize() {
  const dir = path.resolve(here, '../../dist/bundle');
  try {
    const js = readdirSync(dir).filter((f) => f.endsWith('.js'));
    const kib = (n) => `${Math.round(n / 1024)} KiB`;
    return `bundle ${js.length} files, ${kib(js.reduce((n, f) => n + statSync(path.join(dir, f)).size, 0))} (main.cjs ${kib(statSync(path.join(dir, 'main.cjs')).size)})`;
  } catch {
    return 'no dist/bundle (run npm run bundle)';
  }
}

/** The other benchmarks (sections/*.mjs, e.g. inspect of a 1 GB image): printed, not judged. */
async function runExtraSections() {
  for (const file of readdirSync(path.join(here, 'sections')).filter((f) => f.endsWith('.mjs')).sort()) {
    const section = await import(pathToFileURL(path.join(here, 'sections', file)).href);
    console.error(`# ${section.name}`);
    const out = [];
    const report = (metric, fields) => { for (const [k, v] of Object.entries(fields)) out.push(`${metric}: ${k} = ${v}`); };
    report.row = (r) => out.push(`${r.metric} = ${r.value} ${r.unit ?? ''} ${r.note ?? ''}`.trimEnd());
    report.note = (t) => out.push(`note: ${t}`);
    await section.run(report);
    console.log(`\n${section.name}\n${out.map((l) => `  ${l}`).join('\n')}`);
  }
}
