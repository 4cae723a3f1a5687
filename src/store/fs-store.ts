/**
 * The cache store on disk, outside any build context:
 *   <dir>/runs/<time>-<pid>-<rand>.json   one file per recorded run
 *   <dir>/selections/<digest>.json        per-file fingerprints, content-addressed
 *   <dir>/timings.json                    step durations read from real build logs
 *   <dir>/runs-index.json                 every run's record in one file (derived, see run-index.ts)
 *   <dir>/logs/<run>.log                  a real build's own output (`build --exec`)
 * Every file is written to a temporary name and renamed into place, so a
 * reader never sees half a file and two runs at once never clash; the
 * temporary files of a killed writer are removed by the next write.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { homeDir } from '../lang/home-dir.js';
import type { Fingerprints } from '../key/index.js';
import { indexRuns } from './index-runs.js';
import { removeStaleTmp } from './stale-tmp.js';
import { indexTimings, mergeTimings } from './index-timings.js';
import { isRun, loadIndexedRuns, runIndexPath } from './run-index.js';
import type { RunRecord, StepTiming, StoreView } from './types.js';

/** Runs kept; older ones are pruned when a new run is recorded. */
const KEEP_RUNS = 500;
/** Step durations kept (one per key, newest first): a few hundred builds of a large Dockerfile. */
const KEEP_TIMINGS = 5000;
const TIMINGS_FILE = 'timings.json';

export interface OpenStore {
  readonly dir: string;
  readonly runs: readonly RunRecord[];
  readonly view: StoreView;
  /** Files that could not be read (corrupt or foreign): reported, never fatal. */
  readonly skipped: readonly string[];
}

/** `--cache-dir`, else LAYERPLAN_CACHE_DIR, else $XDG_CACHE_HOME/layerplan, else ~/.cache/layerplan. */
export function defaultStoreDir(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flag) return resolve(flag);
  if (env.LAYERPLAN_CACHE_DIR) return resolve(env.LAYERPLAN_CACHE_DIR);
  const base = env.XDG_CACHE_HOME ? env.XDG_CACHE_HOME : join(homeDir(env), '.cache');
  return join(base, 'layerplan');
}

export function openStore(dir: string): OpenStore {
  const runsDir = join(dir, 'runs');
  const indexed = loadIndexedRuns({
    list: () => listJson(runsDir),
    read: (name) => {
      const run = readJson(join(runsDir, name));
      return isRun(run) ? run : null;
    },
    readIndex: () => readJson(runIndexPath(dir)),
    writeIndex: (data) => {
      try {
        writeAtomic(runIndexPath(dir), data);
      } catch {
        // Derived data: a store we cannot write to is read run by run next time.
      }
    },
  });
  const runs = indexed.runs;
  const skipped = indexed.skipped.map((name) => join(runsDir, name));
  const selection = (digest: string): Fingerprints | null => {
    const value = readJson(join(dir, 'selections', `${digest}.json`));
    return value && typeof value === 'object' ? (value as Fingerprints) : null;
  };
  const timings = readTimings(dir);
  if (timings === null) skipped.push(join(dir, TIMINGS_FILE));
  return { dir, runs, view: indexRuns(runs, selection, indexTimings(timings ?? [])), skipped };
}

/**
 * The recorded step durations: [] when none were recorded, null when the
 * file is not ours (corrupt or another version). One small file, so the
 * pre-commit check can read it without opening the runs.
 */
export function readTimings(dir: string): StepTiming[] | null {
  const file = join(dir, TIMINGS_FILE);
  if (!existsSync(file)) return [];
  const value = readJson(file) as { version?: unknown; steps?: unknown } | null;
  if (!value || value.version !== 1 || !Array.isArray(value.steps)) return null;
  return value.steps.filter(isTiming);
}

/**
 * Adds durations to the store (newest per key wins) and returns the file.
 * Read, merge, then write to a temporary name and rename: readers never see
 * half a file; two logs read at the same moment may lose one's durations.
 */
export function recordTimings(dir: string, added: readonly StepTiming[]): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, TIMINGS_FILE);
  removeStaleTmp([dir]);
  const steps = mergeTimings(readTimings(dir) ?? [], added, KEEP_TIMINGS);
  writeAtomic(file, JSON.stringify({ version: 1, steps }));
  return file;
}

/** Records a run and the selections it references; prunes the oldest runs beyond KEEP_RUNS. */
export function recordRun(dir: string, run: RunRecord, selections: ReadonlyMap<string, Fingerprints>): string {
  const selDir = join(dir, 'selections');
  mkdirSync(selDir, { recursive: true });
  for (const [digest, files] of selections) {
    const file = join(selDir, `${digest}.json`);
    if (!existsSync(file)) writeAtomic(file, JSON.stringify(files));
  }
  const runsDir = join(dir, 'runs');
  mkdirSync(runsDir, { recursive: true });
  removeStaleTmp([dir, runsDir, selDir]);
  const file = join(runsDir, `${run.time.replace(/[:.]/g, '-')}-${process.pid}-${randomHex(6)}.json`);
  writeAtomic(file, JSON.stringify(run));
  prune(runsDir);
  return file;
}

/**
 * What a plan saw, kept per Dockerfile (the newest only): not a build and never a hit, but the
 * keys and file digests of the context as it was, for telling what a later engine build read.
 */
export function recordObservation(dir: string, run: RunRecord, selections: ReadonlyMap<string, Fingerprints>): void {
  const selDir = join(dir, 'selections');
  const obsDir = join(dir, 'observed');
  mkdirSync(selDir, { recursive: true });
  mkdirSync(obsDir, { recursive: true });
  for (const [digest, files] of selections) {
    const file = join(selDir, `${digest}.json`);
    if (!existsSync(file)) writeAtomic(file, JSON.stringify(files));
  }
  writeAtomic(observationFile(dir, run.dockerfile, run.builder), JSON.stringify(run));
}

/** The newest plan's view of this Dockerfile, or null. */
export function readObservation(dir: string, dockerfile: string, builder: string): RunRecord | null {
  const run = readJson(observationFile(dir, dockerfile, builder));
  return isRun(run) ? run : null;
}

function observationFile(dir: string, dockerfile: string, builder: string): string {
  return join(dir, 'observed', `${nameHash(`${builder}\0${dockerfile}`)}.json`);
}

/** A file name for a path (FNV-1a, 2 × 32 bits): node:crypto is not loaded for a plan (start-up time). */
function nameHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    a = Math.imul(a ^ text.charCodeAt(i), 0x01000193) >>> 0;
    b = Math.imul(b ^ text.charCodeAt(text.length - 1 - i), 0x01000193) >>> 0;
  }
  return `${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}`;
}

/** Keeps a real build's own output beside its record (<dir>/logs/<record name>.log); returns the file. */
export function recordBuildLog(dir: string, runFile: string, text: string): string {
  const logs = join(dir, 'logs');
  mkdirSync(logs, { recursive: true });
  const file = join(logs, `${basename(runFile, '.json')}.log`);
  writeAtomic(file, text);
  prune(logs, '.log');
  return file;
}

/**
 * `digits` random hex digits, to keep names apart (time and pid already do
 * nearly always). Math.random rather than node:crypto: nothing here is
 * secret, and loading crypto costs every plan's start-up.
 */
function randomHex(digits: number): string {
  let out = '';
  while (out.length < digits) out += Math.floor(Math.random() * 0x10000).toString(16).padStart(4, '0');
  return out.slice(0, digits);
}

function writeAtomic(file: string, data: string): void {
  const tmp = `${file}.${process.pid}.${randomHex(8)}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

function prune(runsDir: string, ext = '.json'): void {
  const names = listJson(runsDir, ext).sort();
  for (const name of names.slice(0, Math.max(0, names.length - KEEP_RUNS))) rmSync(join(runsDir, name), { force: true });
}

function listJson(dir: string, ext = '.json'): string[] {
  try {
    return readdirSync(dir).filter((n) => n.endsWith(ext));
  } catch {
    return [];
  }
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function isTiming(v: unknown): v is StepTiming {
  const t = v as StepTiming | null;
  return !!t && typeof t.key === 'string' && typeof t.seconds === 'number' && Number.isFinite(t.seconds) && t.seconds >= 0
    && typeof t.time === 'string' && typeof t.dockerfile === 'string' && typeof t.stage === 'string' && typeof t.ordinal === 'number' && typeof t.instruction === 'string';
}

