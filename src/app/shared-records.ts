/**
 * A team's real-build records, shared through git (refs/layerplan/<name>).
 * Push turns the local store's real builds of this repository into records
 * with repository-relative paths (CI's checkout and a laptop's differ);
 * `--against NAME` reads them back under this clone's root as a store the
 * planner can be compared with, instead of the local one. Plans counted as
 * built (`--assume-built`) are never shared: only real builds say what a
 * cache holds.
 */
import path from 'node:path';
import type { Fingerprints } from '../key/index.js';
import { indexRuns, indexTimings, readTimings, type OpenStore, type RunRecord, type StepTiming } from '../store/index.js';
import { sourceOf } from '../plan/basis.js';
import { readRecords, recordName, recordsRef, refCommit, writeRecords, type AgePolicy, type StoredRecord } from '../git/records.js';
import { pulledAt } from '../git/records-remote.js';
import { tryGit } from '../git/run-git.js';

/** One shared build: the run with relative paths, the per-file fingerprints its reasons need, its durations, and what was built. */
export interface SharedBuild {
  readonly version: 1;
  readonly run: RunRecord;
  readonly selections: Readonly<Record<string, Fingerprints>>;
  readonly timings: readonly StepTiming[];
  /** The commit checked out when the record was pushed, and whether the work tree had changes. */
  readonly commit: string | null;
  readonly clean: boolean | null;
}

/** The local store's real builds of Dockerfiles inside `repo`, as records (assumed plans and builds elsewhere left out). */
export function toSharedBuilds(store: OpenStore, repo: string, where: { readonly commit: string | null; readonly clean: boolean | null }): SharedBuild[] {
  const timings = readTimings(store.dir) ?? [];
  return store.runs.flatMap((run): SharedBuild[] => {
    if (sourceOf(run) === 'assumed' || !inside(repo, run.dockerfile) || !inside(repo, run.context)) return [];
    const keys = new Set(run.steps.flatMap((s) => (s.key ? [s.key] : [])));
    const digests = [...new Set(run.steps.flatMap((s) => s.files.map((f) => f.digest)))];
    const selections = Object.fromEntries(digests.flatMap((d) => {
      const fp = store.view.selection(d);
      return fp ? [[d, fp] as const] : [];
    }));
    return [{
      version: 1,
      run: { ...run, dockerfile: rel(repo, run.dockerfile), context: rel(repo, run.context) },
      selections,
      timings: timings.filter((t) => keys.has(t.key)).map((t) => ({ ...t, dockerfile: rel(repo, t.dockerfile) })),
      ...where,
    }];
  });
}

export function toStoredRecord(build: SharedBuild): StoredRecord {
  const body = Buffer.from(`${JSON.stringify(build)}\n`);
  return { name: recordName(build.run.time, body), body };
}

/** Adds the local real builds to refs/layerplan/<name>; returns how many records the ref holds and how many were new. */
export function shareBuilds(repo: string, name: string, store: OpenStore, opts: { readonly policy?: AgePolicy; readonly now: Date }): { readonly added: number; readonly total: number } {
  const ref = recordsRef(name);
  const head = tryGit(repo, ['rev-parse', '--verify', '-q', 'HEAD'])?.toString('utf8').trim() || null;
  const status = tryGit(repo, ['status', '--porcelain', '--untracked-files=no']);
  const records = toSharedBuilds(store, repo, { commit: head, clean: status === null ? null : status.length === 0 }).map(toStoredRecord);
  const before = new Set(readRecords(repo, ref).map((r) => r.name));
  // Records already shared under another commit note differ only in that note: compare by run id.
  const sharedIds = new Set(readShared(repo, name).map((b) => b.run.id));
  const fresh = records.filter((r) => !before.has(r.name) && !sharedIds.has((JSON.parse(r.body.toString('utf8')) as SharedBuild).run.id));
  if (fresh.length || opts.policy) writeRecords(repo, ref, fresh, { policy: opts.policy, now: opts.now, message: `layerplan: ${fresh.length} build record${fresh.length === 1 ? '' : 's'}` });
  return { added: fresh.length, total: readRecords(repo, ref).length };
}

/** The records of a cache, parsed; records of another version or not ours are left out. */
export function readShared(repo: string, name: string): SharedBuild[] {
  return readRecords(repo, recordsRef(name)).flatMap((r) => {
    try {
      const b = JSON.parse(r.body.toString('utf8')) as SharedBuild;
      return b && b.version === 1 && b.run && Array.isArray(b.run.steps) ? [b] : [];
    } catch {
      return [];
    }
  });
}

/** What `--against NAME` plans with: the cache's builds as a store, paths under this clone's root. */
export interface SharedStore {
  readonly store: OpenStore;
  readonly name: string;
  readonly builds: number;
  /** When this clone last pulled the cache (ISO), or null: records made here, or never pulled. */
  readonly pulledAt: string | null;
}

export function openSharedStore(repo: string, name: string, storeDir: string): SharedStore {
  if (!refCommit(repo, recordsRef(name))) {
    throw new SharedRecordsError(`no build records named "${name}" in ${repo}: run layerplan pull (or layerplan push --as ${name} where the builds ran)`);
  }
  const builds = readShared(repo, name);
  const runs = builds.map((b) => ({ ...b.run, dockerfile: path.join(repo, b.run.dockerfile), context: path.join(repo, b.run.context) }));
  const selections = new Map(builds.flatMap((b) => Object.entries(b.selections)));
  const timings = builds.flatMap((b) => b.timings.map((t) => ({ ...t, dockerfile: path.join(repo, t.dockerfile) })));
  const view = indexRuns(runs, (d) => selections.get(d) ?? null, indexTimings(timings));
  return { store: { dir: storeDir, runs, view, skipped: [] }, name, builds: builds.length, pulledAt: pulledAt(repo)[name] ?? null };
}

export class SharedRecordsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SharedRecordsError';
  }
}

function inside(repo: string, file: string): boolean {
  const r = path.relative(repo, file);
  return r === '' || (!r.startsWith('..') && !path.isAbsolute(r));
}

function rel(repo: string, file: string): string {
  return path.relative(repo, file).split(path.sep).join('/') || '.';
}
