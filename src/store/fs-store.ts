/**
 * The cache store on disk, outside any build context:
 *   <dir>/runs/<time>-<pid>-<rand>.json   one file per recorded run
 *   <dir>/selections/<digest>.json        per-file fingerprints, content-addressed
 * Every file is written to a temporary name and renamed into place, so a
 * reader never sees half a file and two runs at once never clash.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import type { Fingerprints } from '../key/index.js';
import { indexRuns } from './index-runs.js';
import type { RunRecord, StoreView } from './types.js';

/** Runs kept; older ones are pruned when a new run is recorded. */
const KEEP_RUNS = 500;

export interface OpenStore {
  readonly dir: string;
  readonly runs: readonly RunRecord[];
  readonly view: StoreView;
  /** Files that could not be read (corrupt or foreign): reported, never fatal. */
  readonly skipped: readonly string[];
}

/** `--cache-dir`, else LAYERPLAN_CACHE_DIR, else $XDG_CACHE_HOME/layerplan, else ~/.cache/layerplan. */
export function defaultStoreDir(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flag) return path.resolve(flag);
  if (env.LAYERPLAN_CACHE_DIR) return path.resolve(env.LAYERPLAN_CACHE_DIR);
  const base = env.XDG_CACHE_HOME ? env.XDG_CACHE_HOME : path.join(env.HOME ?? homedir(), '.cache');
  return path.join(base, 'layerplan');
}

export function openStore(dir: string): OpenStore {
  const runsDir = path.join(dir, 'runs');
  const skipped: string[] = [];
  const runs: RunRecord[] = [];
  for (const name of listJson(runsDir)) {
    const run = readJson(path.join(runsDir, name));
    if (isRun(run)) runs.push(run);
    else skipped.push(path.join(runsDir, name));
  }
  const selection = (digest: string): Fingerprints | null => {
    const value = readJson(path.join(dir, 'selections', `${digest}.json`));
    return value && typeof value === 'object' ? (value as Fingerprints) : null;
  };
  return { dir, runs, view: indexRuns(runs, selection), skipped };
}

/** Records a run and the selections it references; prunes the oldest runs beyond KEEP_RUNS. */
export function recordRun(dir: string, run: RunRecord, selections: ReadonlyMap<string, Fingerprints>): string {
  const selDir = path.join(dir, 'selections');
  mkdirSync(selDir, { recursive: true });
  for (const [digest, files] of selections) {
    const file = path.join(selDir, `${digest}.json`);
    if (!existsSync(file)) writeAtomic(file, JSON.stringify(files));
  }
  const runsDir = path.join(dir, 'runs');
  mkdirSync(runsDir, { recursive: true });
  const file = path.join(runsDir, `${run.time.replace(/[:.]/g, '-')}-${process.pid}-${randomBytes(3).toString('hex')}.json`);
  writeAtomic(file, JSON.stringify(run));
  prune(runsDir);
  return file;
}

function writeAtomic(file: string, data: string): void {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

function prune(runsDir: string): void {
  const names = listJson(runsDir).sort();
  for (const name of names.slice(0, Math.max(0, names.length - KEEP_RUNS))) rmSync(path.join(runsDir, name), { force: true });
}

function listJson(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => n.endsWith('.json'));
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

function isRun(v: unknown): v is RunRecord {
  const r = v as RunRecord | null;
  return !!r && r.version === 1 && typeof r.time === 'string' && Array.isArray(r.steps);
}
