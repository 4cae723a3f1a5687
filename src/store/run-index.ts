/**
 * The index of recorded runs: <dir>/runs-index.json holds the parsed record
 * of every run file by its name, so opening the store reads one file and
 * lists one folder instead of reading every run.
 *
 * Derived data, never a record: the runs/ folder is the truth. Each open
 * compares the index's names with the folder listing; a run the index lacks
 * is read and added, a name no longer listed (pruned, deleted) is dropped, and
 * the index is rewritten (temporary name, then rename) only when it changed.
 * A missing, corrupt or foreign index counts as empty and is rebuilt. Run
 * files are written once under unique names and never change, so a name
 * stands for its content: two writers at once, or one killed mid-write, leave
 * either index whole and right for the names it holds, and the next open
 * mends what it lacks.
 */
import { join } from 'node:path';
import type { RunRecord } from './types.js';

export const RUN_INDEX_FILE = 'runs-index.json';
const VERSION = 1;

interface IndexFile {
  readonly version: typeof VERSION;
  /** Run file name → its record. Files that were not runs are not kept: they are read (and skipped) again. */
  readonly runs: Readonly<Record<string, RunRecord>>;
}

/** The store's file access, injected so the index logic is testable without the fs store's details. */
export interface RunFiles {
  /** Names of the run files now in runs/ (any order). */
  list(): string[];
  /** A run file's record, or null when it is not one (corrupt, foreign) or cannot be read. */
  read(name: string): RunRecord | null;
  /** The index file's parsed JSON, or null. */
  readIndex(): unknown;
  /** Replaces the index (atomically); failures are ignored by the caller's implementation. */
  writeIndex(data: string): void;
}

export interface IndexedRuns {
  /** Listed run files and their records, in name order (names start with the run's time). */
  readonly runs: readonly RunRecord[];
  /** Names of listed files that are not runs. */
  readonly skipped: readonly string[];
  /** Run files read this time (0 when the index was current). */
  readonly read: number;
}

export function loadIndexedRuns(files: RunFiles): IndexedRuns {
  const index = validIndex(files.readIndex());
  const names = files.list().sort();
  const kept: Record<string, RunRecord> = {};
  const runs: RunRecord[] = [];
  const skipped: string[] = [];
  let read = 0;
  for (const name of names) {
    const indexed = index !== null && Object.hasOwn(index.runs, name) ? index.runs[name] : undefined;
    let run: RunRecord | null | undefined = isRun(indexed) ? indexed : undefined;
    if (run === undefined) {
      run = files.read(name);
      read++;
    }
    if (run === null) {
      skipped.push(name);
      continue;
    }
    kept[name] = run;
    runs.push(run);
  }
  const dropped = index !== null && Object.keys(index.runs).some((n) => !Object.hasOwn(kept, n));
  // Every skipped name was read (they are never indexed), so the rest of the reads are runs the index lacked.
  if (read - skipped.length > 0 || dropped) {
    files.writeIndex(JSON.stringify({ version: VERSION, runs: kept } satisfies IndexFile));
  }
  return { runs, skipped, read };
}

/** A record of the version this store reads (the shape the planner relies on). */
export function isRun(v: unknown): v is RunRecord {
  const r = v as RunRecord | null;
  return !!r && typeof r === 'object' && r.version === 1 && typeof r.time === 'string' && Array.isArray(r.steps);
}

function validIndex(value: unknown): IndexFile | null {
  const v = value as IndexFile | null;
  if (!v || typeof v !== 'object' || v.version !== VERSION || !v.runs || typeof v.runs !== 'object' || Array.isArray(v.runs)) return null;
  return v;
}

export function runIndexPath(dir: string): string {
  return join(dir, RUN_INDEX_FILE);
}
