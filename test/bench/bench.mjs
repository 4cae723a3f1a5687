#!/usr/bin/env node
// layerplan benchmarks: runs every test/bench/sections/*.mjs in name order.
// A section exports `name` and `async run(report)`, and records results with
//   report.row({ metric, value, unit, note })   (value: number or string)
//   report(metric, { key: value, ... })         (one row per key)
//   report.note(text)                           (printed under the table)
// Run with `npm run bench` (compiles first).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const sectionsDir = path.join(here, 'sections');
const only = process.argv[2] ? new RegExp(process.argv[2]) : null;

const rows = [];
const notes = [];

for (const file of readdirSync(sectionsDir).filter((f) => f.endsWith('.mjs')).sort()) {
  const section = await import(pathToFileURL(path.join(sectionsDir, file)).href);
  if (only && !only.test(section.name)) continue;
  console.error(`# ${section.name}`);
  const report = (metric, fields) => {
    for (const [key, value] of Object.entries(fields)) rows.push({ section: section.name, metric: `${metric}: ${key}`, value });
  };
  report.row = (r) => rows.push({ section: section.name, ...r });
  report.note = (text) => notes.push(`[${section.name}] ${text}`);
  try {
    await section.run(report);
  } catch (err) {
    report.row({ metric: 'FAILED', value: 'see note', unit: '' });
    report.note(`FAILED: ${err?.stack ?? err}`);
  }
}

printTable(rows);
if (notes.length > 0) console.log('\n' + notes.join('\n'));

function printTable(list) {
  const cells = list.map((r) => [r.section, r.metric, typeof r.value === 'number' ? fmt(r.value) : String(r.value), r.unit ?? '', r.note ?? '']);
  const head = ['section', 'metric', 'value', 'unit', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => c.map((v, i) => (i === 2 ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ').trimEnd();
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}

function fmt(n) {
  return Number.isInteger(n) ? String(n) : n.toFixed(n < 10 ? 2 : 0);
}
