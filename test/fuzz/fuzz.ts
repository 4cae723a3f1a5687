/**
 * `npm run fuzz -- --seed N --count M [--out DIR] [--keep-slowest K]`: a long
 * fuzz run. A worker process runs the cases in order and reports each; this
 * supervisor restarts it past a case that hangs (no report for 20 s) or
 * kills it, and writes every failing input to DIR/<seed>-<index>/ with the
 * command line that reproduces it (command.txt) and what went wrong.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadSeeds, makeCase, runCase, type Outcome } from './cases.js';

const HANG_MS = 20_000;
const here = fileURLToPath(import.meta.url);
const repoRoot = path.resolve(path.dirname(here), '..', '..', '..');

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' }, count: { type: 'string', default: '1000' }, start: { type: 'string', default: '0' },
    out: { type: 'string', default: 'fuzz-failures' }, 'keep-slowest': { type: 'string', default: '5' }, worker: { type: 'boolean', default: false },
  },
});
const seed = Number(values.seed);
const start = Number(values.start);
const count = Number(values.count);

if (values.worker) await work(seed, start, count);
else await supervise(seed, count, path.resolve(values.out!), Number(values['keep-slowest']));

/** Worker: one line before each case ({"begin":i}) and one after (the outcome). */
async function work(seedValue: number, from: number, n: number): Promise<void> {
  const seeds = loadSeeds(repoRoot);
  const base = mkdtempSync(path.join(tmpdir(), 'lp-fuzz-'));
  try {
    for (let i = from; i < from + n; i++) {
      process.stdout.write(`${JSON.stringify({ begin: i })}\n`);
      const dir = path.join(base, String(i));
      mkdirSync(dir);
      const outcome = await runCase(makeCase(seedValue, i, seeds), dir);
      rmSync(dir, { recursive: true, force: true });
      process.stdout.write(`${JSON.stringify({ ...outcome, stderr: outcome.stderr.slice(0, 2000), rss: process.memoryUsage().rss })}\n`);
    }
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

interface Tally {
  done: number;
  failures: Outcome[];
  byKind: Record<string, number>;
  byExit: Record<string, number>;
  slowest: Outcome[];
  maxRss: number;
}

async function supervise(seedValue: number, n: number, outDir: string, keep: number): Promise<void> {
  const started = Date.now();
  const tally: Tally = { done: 0, failures: [], byKind: {}, byExit: {}, slowest: [], maxRss: 0 };
  let next = start;
  while (next < start + n) {
    next = await runWorker(seedValue, next, start + n - next, tally);
  }
  const seeds = loadSeeds(repoRoot);
  for (const f of tally.failures) save(path.join(outDir, `${seedValue}-${f.index}`), f, seeds, seedValue);
  for (const s of tally.slowest.slice(0, keep)) save(path.join(outDir, 'slowest', `${seedValue}-${s.index}`), s, seeds, seedValue);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(JSON.stringify({ seed: seedValue, cases: tally.done, seconds: Number(seconds), failures: tally.failures.length, byKind: tally.byKind, byExit: tally.byExit, maxWorkerRssMB: Math.round(tally.maxRss / 2 ** 20), slowest: tally.slowest.slice(0, keep).map((s) => ({ index: s.index, kind: s.kind, ms: s.ms, mutations: s.mutations })) }, null, 2));
  for (const f of tally.failures) console.log(`FAIL ${seedValue}-${f.index} ${f.kind} [${f.mutations.join(', ')}]: ${f.problems.join('; ')}`);
  if (tally.failures.length) console.log(`inputs and command lines: ${outDir}`);
  process.exitCode = tally.failures.length ? 1 : 0;
}

/** Runs a worker from `from`; returns where the next worker starts (past a case that hung or crashed it). */
function runWorker(seedValue: number, from: number, n: number, tally: Tally): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [here, '--worker', '--seed', String(seedValue), '--start', String(from), '--count', String(n)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let current = from;
    let finished = false;
    let timer = setTimeout(() => hang(), HANG_MS);
    const hang = (): void => {
      record(tally, { index: current, kind: 'build', mutations: [], argv: [], exitCode: null, stderr: '', problems: [`hang: no result after ${HANG_MS / 1000} s`], ms: HANG_MS });
      finished = true;
      child.kill('SIGKILL');
    };
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const msg = JSON.parse(line) as { begin?: number } & Outcome & { rss?: number };
      clearTimeout(timer);
      timer = setTimeout(() => hang(), HANG_MS);
      if (msg.begin !== undefined) {
        current = msg.begin;
        return;
      }
      tally.maxRss = Math.max(tally.maxRss, msg.rss ?? 0);
      record(tally, msg);
      current = msg.index + 1;
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (!finished && current < from + n && (code !== 0 || signal)) {
        record(tally, { index: current, kind: 'build', mutations: [], argv: [], exitCode: code, stderr: '', problems: [`crash: the worker died (${signal ?? `exit ${code}`})`], ms: 0 });
      }
      resolve(code === 0 && !finished ? from + n : current + 1);
    });
  });
}

function record(tally: Tally, o: Outcome): void {
  tally.done++;
  tally.byKind[o.kind] = (tally.byKind[o.kind] ?? 0) + 1;
  tally.byExit[String(o.exitCode)] = (tally.byExit[String(o.exitCode)] ?? 0) + 1;
  if (o.problems.length) tally.failures.push(o);
  tally.slowest = [...tally.slowest, o].sort((a, b) => b.ms - a.ms).slice(0, 20);
}

/** Writes a case's input again under `dir` (re-made from its seed) with its command line and outcome. */
function save(dir: string, o: Outcome, seeds: ReturnType<typeof loadSeeds>, seedValue: number): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const c = makeCase(seedValue, o.index, seeds);
  const argv = c.materialize(dir);
  writeFileSync(path.join(dir, 'command.txt'), `LAYERPLAN_NO_ENGINE=1 layerplan ${argv.map(quote).join(' ')}\n`);
  writeFileSync(path.join(dir, 'outcome.json'), `${JSON.stringify({ seed: seedValue, index: o.index, kind: c.kind, mutations: c.mutations, exitCode: o.exitCode, ms: o.ms, problems: o.problems, stderr: o.stderr }, null, 2)}\n`);
}

function quote(arg: string): string {
  return /^[\w./=:@-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
