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
import type { BaseImageIds, Fingerprints } from '../key/index.js';
import { indexRuns, indexTimings, readTimings, type OpenStore, type RunRecord, type StepTiming } from '../store/index.js';
import { sourceOf } from '../plan/basis.js';
import { readRecords, readRecordsIfAny, readSelectionsAt, readSelectionsAtAsync, recordName, recordsRef, writeRecords, type AgePolicy, type StoredRecord, type StoredSelection } from '../git/records.js';
import { pulledAt } from '../git/records-remote.js';
import type { CatFileBatch } from '../git/records-batch.js';
import { tryGit } from '../git/run-git.js';

/**
 * One shared build: the run with relative paths, its durations, and what was
 * built. The per-file fingerprints behind its selection digests are stored
 * beside it, one blob per digest (see git/records.ts), shared by every build
 * that read the same files.
 */
export interface SharedBuild {
  readonly version: 2;
  readonly run: RunRecord;
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
    return [{
      version: 2,
      run: { ...run, dockerfile: rel(repo, run.dockerfile), context: rel(repo, run.context) },
      timings: timings.filter((t) => keys.has(t.key)).map((t) => ({ ...t, dockerfile: rel(repo, t.dockerfile) })),
      ...where,
    }];
  });
}

/** The selection digests a run's steps read. */
export function digestsOf(run: RunRecord): string[] {
  return [...new Set(run.steps.flatMap((s) => s.files.map((f) => f.digest)))];
}

/** The fingerprints behind these digests as the local store has them, one stored selection each. */
export function toStoredSelections(store: OpenStore, digests: Iterable<string>): StoredSelection[] {
  return [...new Set(digests)].flatMap((d) => {
    const fp = store.view.selection(d);
    return fp ? [{ name: `${d}.json`, body: Buffer.from(`${JSON.stringify(fp)}\n`) }] : [];
  });
}

export function toStoredRecord(build: SharedBuild): StoredRecord {
  const body = Buffer.from(`${JSON.stringify(build)}\n`);
  return { name: recordName(build.run.time, body), body };
}

/** What the kept records read, so the policy drops the selections only aged-out builds used. */
export function selectionsUsed(records: readonly StoredRecord[]): ReadonlySet<string> {
  return new Set(records.flatMap((r) => {
    const b = parseBuild(r.body);
    return b ? digestsOf(b.run) : [];
  }));
}

/** Adds the local real builds to refs/layerplan/<name>; returns how many records the ref holds and how many were new. */
export function shareBuilds(repo: string, name: string, store: OpenStore, opts: { readonly policy?: AgePolicy; readonly now: Date }): { readonly added: number; readonly total: number } {
  const ref = recordsRef(name);
  const head = tryGit(repo, ['rev-parse', '--verify', '-q', 'HEAD'])?.toString('utf8').trim() || null;
  const status = tryGit(repo, ['status', '--porcelain', '--untracked-files=no']);
  // Records already shared under another commit note differ only in that note: compare by run id.
  const sharedIds = new Set(readShared(repo, name).map((b) => b.run.id));
  const builds = toSharedBuilds(store, repo, { commit: head, clean: status === null ? null : status.length === 0 }).filter((b) => !sharedIds.has(b.run.id));
  if (builds.length || opts.policy) {
    const selections = toStoredSelections(store, builds.flatMap((b) => digestsOf(b.run)));
    writeRecords(repo, ref, builds.map(toStoredRecord), { policy: opts.policy, now: opts.now, selections, uses: selectionsUsed, message: `layerplan: ${builds.length} build record${builds.length === 1 ? '' : 's'}` });
  }
  return { added: builds.length, total: readRecords(repo, ref).length };
}

/** The records of a cache, parsed; records of another version or not ours are left out. */
export function readShared(repo: string, name: string): SharedBuild[] {
  return readRecords(repo, recordsRef(name)).flatMap((r) => parseBuild(r.body) ?? []);
}

function parseBuild(body: Buffer): SharedBuild | null {
  try {
    const b = JSON.parse(body.toString('utf8')) as SharedBuild;
    return b && b.version === 2 && b.run && Array.isArray(b.run.steps) ? b : null;
  } catch {
    return null;
  }
}

/** What `--against NAME` plans with: the cache's builds as a store, paths under this clone's root. */
export interface SharedStore {
  readonly store: OpenStore;
  readonly name: string;
  readonly builds: number;
  /** When this clone last pulled the cache (ISO), or null: records made here, fetched with git alone, or never pulled. */
  readonly pulledAt: string | null;
  /** When the newest of its builds ran (ISO), or null when it holds none. */
  readonly newest: string | null;
  /** Base image ids by reference as the newest real build that named them saw: what the cache's builder has. */
  readonly baseIds: BaseImageIds;
  /**
   * The bases as the newest shared build of this Dockerfile (absolute path) keyed them: ref → id, or null where
   * that build knew the image by name only (its keys carry no id, so a plan matching them must not either).
   * Falls back to `baseIds` for a Dockerfile the records hold no build of.
   */
  baseIdsFor(dockerfile: string): ReadonlyMap<string, string | null>;
  /**
   * Reads these selections' bytes from git in one go, without blocking, where not read yet (the view's
   * `selection` parses one when first asked for it).
   */
  prefetch(digests: Iterable<string>): Promise<void>;
}

/**
 * `gitDir`: the repository's git dir when the caller knows it (else git is asked). `batch`: a cat-file the
 * caller keeps open (and closes) for this run's reads, the records' and the selections'.
 */
export async function openSharedStore(repo: string, name: string, storeDir: string, gitDir?: string, batch?: CatFileBatch): Promise<SharedStore> {
  const ref = recordsRef(name);
  const records = await readRecordsIfAny(repo, ref, batch);
  if (records === null) throw new NoSharedRecords(name, repo);
  const builds = records.flatMap((r) => parseBuild(r.body) ?? []);
  const runs = builds.map((b) => ({ ...b.run, dockerfile: path.join(repo, b.run.dockerfile), context: path.join(repo, b.run.context) }));
  const timings = builds.flatMap((b) => b.timings.map((t) => ({ ...t, dockerfile: path.join(repo, t.dockerfile) })));
  const selections = lazySelections(repo, ref, batch);
  const view = indexRuns(runs, selections.get, indexTimings(timings));
  const baseIds = baseIdsOf(runs);
  const baseIdsFor = (dockerfile: string): ReadonlyMap<string, string | null> => {
    const last = runs.filter((r) => r.dockerfile === dockerfile && r.exec).pop();
    return last?.exec ? new Map(last.exec.bases.map((b) => [b.ref, b.id])) : baseIds;
  };
  return { store: { dir: storeDir, runs, view, skipped: [] }, name, builds: builds.length, pulledAt: pulledAt(repo, gitDir)[name] ?? null, newest: runs[runs.length - 1]?.time ?? null, baseIds, baseIdsFor, prefetch: selections.prefetch };
}

/** Selections are read from git only when a miss is explained (a plan needs a few, of maybe hundreds stored). */
function lazySelections(repo: string, ref: string, batch?: CatFileBatch): { get: (digest: string) => Fingerprints | null; prefetch: SharedStore['prefetch'] } {
  const read = new Map<string, Fingerprints | null>();
  // Bytes prefetched, parsed when first asked for (a prefetch may be a guess).
  const raw = new Map<string, Buffer | null>();
  const keep = (wanted: readonly string[], bodies: readonly (Buffer | null)[]): void => {
    wanted.forEach((d, i) => raw.set(d, bodies[i] ?? null));
  };
  // Reads in flight, so a second prefetch of the same digests waits for the first instead of asking again.
  const pending = new Map<string, Promise<void>>();
  const unread = (digests: Iterable<string>): string[] => [...new Set(digests)].filter((d) => !read.has(d) && !raw.has(d) && !pending.has(d));
  const get = (digest: string): Fingerprints | null => {
    const known = read.get(digest);
    if (known !== undefined) return known;
    // Not prefetched, or still in flight: read now.
    if (!raw.has(digest)) keep([digest], readSelectionsAt(repo, ref, [digest]));
    const body = raw.get(digest);
    raw.delete(digest);
    const parsed = body ? parseFingerprints(body) : null;
    read.set(digest, parsed);
    return parsed;
  };
  return {
    get,
    prefetch: async (digests) => {
      const all = [...new Set(digests)];
      const wanted = unread(all);
      if (wanted.length) {
        const reading = readSelectionsAtAsync(repo, ref, wanted, batch).then((bodies) => keep(wanted, bodies));
        for (const d of wanted) pending.set(d, reading);
        reading.then(() => wanted.forEach((d) => pending.delete(d)), () => wanted.forEach((d) => pending.delete(d)));
      }
      await Promise.all([...new Set(all.flatMap((d) => pending.get(d) ?? []))]);
    },
  };
}

function parseFingerprints(body: Buffer): Fingerprints | null {
  try {
    const o = JSON.parse(body.toString('utf8')) as unknown;
    return o && typeof o === 'object' ? (o as Fingerprints) : null;
  } catch {
    return null;
  }
}

/** ref → id from the real builds, the newest build's word for each ref (runs are oldest first). */
function baseIdsOf(runs: readonly RunRecord[]): BaseImageIds {
  const ids = new Map<string, string>();
  for (const run of runs) for (const b of run.exec?.bases ?? []) if (b.id) ids.set(b.ref, b.id);
  return ids;
}

export class SharedRecordsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SharedRecordsError';
  }
}

/** refs/layerplan/NAME does not exist (`check --against NAME` then reads NAME as a revision). */
export class NoSharedRecords extends SharedRecordsError {
  constructor(readonly records: string, repo: string) {
    super(`no build records named "${records}" in ${repo}: run layerplan pull (or layerplan push --as ${records} where the builds ran)`);
    this.name = 'NoSharedRecords';
  }
}

function inside(repo: string, file: string): boolean {
  const r = path.relative(repo, file);
  return r === '' || (!r.startsWith('..') && !path.isAbsolute(r));
}

function rel(repo: string, file: string): string {
  return path.relative(repo, file).split(path.sep).join('/') || '.';
}
