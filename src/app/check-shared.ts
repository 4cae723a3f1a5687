/**
 * `check --against NAME` with shared records (refs/layerplan/NAME): what the
 * builder behind those records (CI) will rebuild for the staged tree. No
 * network: it reads what the last `layerplan pull` fetched. The index holds
 * blob ids while real builds key files by their XXH64, so the blobs in each
 * recorded Dockerfile's context are hashed once and remembered by blob id
 * (git/blob-digests.ts); a commit costs only the blobs it adds. A Dockerfile
 * whose inputs are as CI built them is answered from its record unplanned
 * (shared-unchanged.ts); one whose context the index edited is planned from
 * CI's recorded selections with the edited files put in (shared-patched.ts),
 * and only when neither applies from every blob of its context. Base images
 * are keyed with the ids the newest shared build saw: no engine is asked.
 */
import path from 'node:path';
import type { ContextEntry, ContextSnapshot } from '../context/types.js';
import { createHasher } from '../context/hash.js';
import { blobDigests, type BlobDigestStats } from '../git/blob-digests.js';
import type { IndexChange } from '../git/index-diff.js';
import { openRepo, type Repo } from '../git/repo.js';
import { ignoreCandidates, readSide, type Side } from '../git/side.js';
import { readStagedTree } from '../git/tree.js';
import { planSide, rebuiltLines, type CheckContext, type SidePlan } from './check.js';
import { unplannableStaged } from './check-unplannable.js';
import type { Target } from '../project/discover.js';
import { platformArgs } from './platform.js';
import { hostPlatform, normalizePlatform } from '../graph/index.js';
import type { RunRecord } from '../store/types.js';
import { definitionTargetsOf, setUpWith, type CheckOptions } from './repo-targets.js';
import { openSharedStore, type SharedStore } from './shared-records.js';
import { newestClean, patchBase, patchBlobs, patchedMemory, type PatchBase } from './shared-patched.js';
import { allChecked, checkedMemory, noEntries } from './shared-checked.js';
import { readChecked, writeChecked, type CheckedSelections } from '../git/records-checked.js';
import { CatFileBatch } from '../git/records-batch.js';
import { toRepoPath } from '../project/config.js';
import type { GitTree } from '../git/types.js';
import type { SourceMatch } from '../context/sources.js';
import type { Plan } from '../plan/index.js';
import { unchangedBuild, type StagedIds } from './shared-unchanged.js';
import { changedSince, treeIds } from '../git/records-built.js';
import type { CheckReport, DockerfileReport, SharedBasis } from '../rules/report.js';

export type SharedCheckReport = CheckReport & { readonly shared: SharedBasis };

export interface SharedCheckOptions {
  /** false: every changed Dockerfile is planned from the index in full (the derivation the patched one must equal). */
  readonly incremental?: boolean;
  /** false: recorded selections are checked against the index even where a check of them is remembered. */
  readonly remembered?: boolean;
}

export async function checkAgainstShared(opts: CheckOptions, name: string, how: SharedCheckOptions = {}): Promise<SharedCheckReport> {
  const repo = openRepo(opts.cwd);
  // One cat-file for the run's reads of the records: their tree, the records, the selections, the Dockerfiles.
  const batch = new CatFileBatch(repo.root);
  try {
    return await checkWith(repo, batch, opts, name, how);
  } finally {
    batch.close();
  }
}

async function checkWith(repo: Repo, batch: CatFileBatch, opts: CheckOptions, name: string, how: SharedCheckOptions): Promise<SharedCheckReport> {
  const opening = openSharedStore(repo.root, name, '', repo.gitDir, batch);
  opening.catch(() => undefined); // Awaited below; a failure then is the one reported.
  // While git reads the records: the hasher's module is compiled, and ICU's collator set up (~12 ms, the first
  // localeCompare of a process), which the report's order (sortTargets) needs.
  const hasher = createHasher();
  hasher.catch(() => undefined);
  'a'.localeCompare('b');
  const shared = await opening;
  // What the index changed since the commits built (a few ms for git, whatever the index's size); then the
  // selections and Dockerfile of each recorded Dockerfile's newest clean build whose context it changed (the
  // likely patch bases) are read, before the index file is, which holds the thread (and so this end of the pipe).
  const changed = await changedSince(repo.root, shared.store.runs.flatMap((r) => (r.git?.clean ? [r.git.commit] : [])));
  const likely = newestClean(shared.store.runs).filter((r) => touched(r, changed.get(r.git?.commit ?? '') ?? null, repo.root));
  const likelyTexts = blobTexts(batch, likely.flatMap((r) => r.git?.files[toRepoPath(r.dockerfile, repo.root)] ?? []));
  likelyTexts.catch(() => undefined); // Awaited below where needed; a failure then is the one reported.
  await shared.prefetch(likely.flatMap((r) => r.steps.flatMap((st) => st.files.map((f) => f.digest))));
  const index = readStagedTree(repo);
  const s = setUpWith(opts, repo.root, index, await definitionTargetsOf(repo.root, opts.env, null));
  const builder = s.config.builder;
  const recorded = (dockerfile: string): boolean => shared.store.runs.some((r) => r.builder === builder && r.dockerfile === path.join(repo.root, dockerfile));
  const targets = s.targets.filter((t) => recorded(t.dockerfile));
  const runsOf = (dockerfile: string): RunRecord[] => shared.store.runs.filter((r) => r.dockerfile === path.join(repo.root, dockerfile));
  const since = (commit: string): readonly IndexChange[] | null => changed.get(commit) ?? null;
  let ids: ReadonlyMap<string, string> | null = null;
  const staged: StagedIds = { index: s.index, changedSince: since, treeId: (dir) => (ids ??= treeIds(s.index)).get(dir) };
  const unchanged = new Set(targets.filter((t) => unchangedBuild(t, runsOf(t.dockerfile), staged, s) !== null));
  const planned = targets.filter((t) => !unchanged.has(t));
  const bases = planned.map((t) => (how.incremental === false ? null : patchBase(t, repo.root, runsOf(t.dockerfile), builder, ignoreCandidates(repo.root, t, builder), since)));
  // Patched Dockerfiles whose recorded selections were checked before need only their text read, not their context.
  const checked = readChecked(repo.gitDir);
  const quick = planned.map((t, i) => (how.remembered !== false && bases[i] && allChecked(bases[i], t, builder, checked) ? dockerfileBlob(s.index, t) : null));
  // git reads the patches' recorded selections while the sides are read here.
  const selections = shared.prefetch(bases.flatMap((b) => (b ? b.run.steps.flatMap((st) => st.files.map((f) => f.digest)) : [])));
  selections.catch(() => undefined); // Awaited below; a failure then is the one reported.
  const texts = quick.some((oid) => oid !== null) ? await blobTexts(batch, quick.flatMap((oid) => (oid ? [oid] : [])), await likelyTexts) : new Map<string, string>();
  const sides: (Side | null)[] = planned.map((t, i) => (quick[i] ? null : readSide(repo.root, s.index, t, builder)));
  const sideOf = (i: number): Side => (sides[i] ??= readSide(repo.root, s.index, planned[i] as Target, builder));
  // A patched side needs the digests of its changed blobs only; the others, of every file.
  const digests = new BlobDigester(repo.root, repo.gitDir);
  await digests.add(planned.flatMap((_, i) => (bases[i] ? patchBlobs(bases[i]) : fileBlobs(sideOf(i)))), bases.some((b) => b === null));
  await selections;
  const platform = (dockerfile: string): string => builtPlatform(shared.store.runs, dockerfile) ?? normalizePlatform(hostPlatform(opts.arch));
  const c: CheckContext = { hash: await hasher, setup: s, durations: shared.store.view, platformArgs: platformArgs(opts.arch), baseIds: (dockerfile) => idsOnly(shared.baseIdsFor(dockerfile)), platform };
  const patched: string[] = [];
  const reports: DockerfileReport[] = [];
  const held = new Map<string, readonly SourceMatch[]>();
  const counts = { known: 0, checked: 0 };
  for (const target of targets) {
    const base = { dockerfile: target.dockerfile, context: target.context, ...(target.definition ? { definition: target.definition } : {}), state: 'changed' as const };
    const i = planned.indexOf(target);
    if (unchanged.has(target)) {
      reports.push({ ...base, rebuilt: [], findings: [] });
      continue;
    }
    const text = quick[i] ? texts.get(quick[i] as string) : undefined;
    const fromChecked = text === undefined ? null : checkedPlan(target, text, bases[i] as PatchBase, c, shared, digests.known, checked);
    if (fromChecked) {
      counts.known++;
      patched.push(target.dockerfile);
      reports.push({ ...base, rebuilt: rebuiltLines(fromChecked), findings: [] });
      continue;
    }
    const side = sideOf(i);
    if (side.text === null) {
      reports.push({ ...base, rebuilt: [], findings: [] });
      continue;
    }
    const fromRecords = patchedPlan(target, side, side.text, bases[i] ?? null, c, shared, digests.known, held);
    if (bases[i]) counts.checked++;
    if (fromRecords) patched.push(target.dockerfile);
    else await digests.add(fileBlobs(side), true);
    const plan = fromRecords ?? planSide(target, withDigests(side, digests.known), side.text, c, shared.store.view);
    if (plan.kind === 'unplannable') reports.push({ ...base, rebuilt: [], findings: unplannableStaged(target, { ...side, text: side.text }, plan.failure, c) });
    else reports.push({ ...base, rebuilt: rebuiltLines(plan.plan), findings: [] });
  }
  writeChecked(repo.gitDir, checked, held);
  const unrecorded = s.targets.filter((t) => !recorded(t.dockerfile)).map((t) => t.dockerfile);
  return { repo: s.root, against: name, reports, shared: { name, builds: shared.builds, pulledAt: shared.pulledAt, newest: shared.newest, unrecorded: [...new Set(unrecorded)], unchanged: [...new Set([...unchanged].map((t) => t.dockerfile))], patched: [...new Set(patched)], blobs: digests.stats, selections: counts } };
}

/**
 * The index side planned from the shared build's selections with the changed files put in
 * (app/shared-patched.ts), or null: then it is planned in full. A source the records do not answer would be
 * fingerprinted from the index's blob ids, so that plan is dropped too.
 */
function patchedPlan(target: Target, side: Side, text: string, base: PatchBase | null, c: CheckContext, shared: SharedStore, digests: ReadonlyMap<string, string>, held: Map<string, readonly SourceMatch[]>): SidePlan | null {
  if (!base) return null;
  const memory = patchedMemory({ base, target, snapshot: side.snapshot, builder: c.setup.config.builder, digests, selection: (d) => shared.store.view.selection(d), hash: c.hash });
  if (!memory) return null;
  for (const [key, matches] of memory.held) held.set(key, matches);
  const plan = planSide(target, side, text, c, shared.store.view, memory);
  return memory.fresh.size === 0 ? plan : null;
}

/**
 * The index side planned from remembered checks (app/shared-checked.ts), without its context, or null:
 * a check is missing, or the plan asked for a source the records do not answer, or it is unplannable
 * (then the side is read and planned as above).
 */
function checkedPlan(target: Target, text: string, base: PatchBase, c: CheckContext, shared: SharedStore, digests: ReadonlyMap<string, string>, checked: CheckedSelections): Plan | null {
  const memory = checkedMemory({ base, target, builder: c.setup.config.builder, digests, selection: (d) => shared.store.view.selection(d), checked });
  if (!memory) return null;
  const plan = planSide(target, noEntries(path.join(c.setup.root, target.context)), text, c, shared.store.view, memory);
  return memory.fresh.size === 0 && plan.kind === 'planned' ? plan.plan : null;
}

/** Whether git lists a change under the run's context folder (a changed Dockerfile is planned from its record or in full). */
function touched(run: RunRecord, changes: readonly IndexChange[] | null, root: string): boolean {
  if (changes === null) return false;
  const context = toRepoPath(run.context, root);
  const prefix = context === '' || context === '.' ? '' : `${context}/`;
  return changes.some((c) => c.path.startsWith(prefix));
}

/** Blob id → text, read through the batch where `known` lacks it. */
async function blobTexts(batch: CatFileBatch, oids: readonly string[], known: ReadonlyMap<string, string> = new Map()): Promise<Map<string, string>> {
  const out = new Map(known);
  const wanted = [...new Set(oids)].filter((o) => !out.has(o));
  const bodies = await batch.read(wanted);
  wanted.forEach((o, i) => {
    const body = bodies[i];
    if (body) out.set(o, body.toString('utf8'));
  });
  return out;
}

/** The Dockerfile's blob in the index when it is a regular file there (one behind a symlink is read with its side). */
function dockerfileBlob(index: GitTree, target: Target): string | null {
  const e = index.get(target.dockerfile);
  return e && (e.mode === '100644' || e.mode === '100755') ? e.oid : null;
}

/** Blob ids → XXH64, gathered over the run; what it cost, summed. */
class BlobDigester {
  readonly known = new Map<string, string>();
  stats: BlobDigestStats = { cached: 0, hashed: 0, bytes: 0 };
  constructor(private readonly repo: string, private readonly gitDir: string) {}
  /** `whole`: the oids include every file of a context (the cache may then be pruned to about them). */
  async add(oids: readonly string[], whole: boolean): Promise<void> {
    const wanted = oids.filter((o) => !this.known.has(o));
    if (!wanted.length) return;
    const { digests, stats } = await blobDigests(this.repo, this.gitDir, wanted, { prune: whole });
    for (const [oid, d] of digests) this.known.set(oid, d);
    this.stats = { cached: this.stats.cached + stats.cached, hashed: this.stats.hashed + stats.hashed, bytes: this.stats.bytes + stats.bytes };
  }
}

function fileBlobs(side: Side): string[] {
  return [...side.snapshot.entries.values()].flatMap((e) => (e.type === 'file' ? [e.digest] : []));
}

/** Refs a build knew by name only are keyed by name: left out. */
function idsOnly(ids: ReadonlyMap<string, string | null>): Map<string, string> {
  return new Map([...ids].filter((e): e is [string, string] => e[1] !== null));
}

/** The platform the newest shared build of the Dockerfile resolved its FROM to (CI's machine, not this one). */
function builtPlatform(runs: readonly RunRecord[], dockerfile: string): string | null {
  for (let i = runs.length - 1; i >= 0; i--) {
    const run = runs[i] as RunRecord;
    if (run.dockerfile !== dockerfile) continue;
    const from = run.steps.find((st) => st.ordinal === 0 && st.settings.platform);
    if (from) return from.settings.platform ?? null;
  }
  return null;
}

/** The side with every file's blob id replaced by its XXH64, as a checkout hashed by a real build has it. */
function withDigests(side: Side, digests: ReadonlyMap<string, string>): Side {
  const entries = new Map<string, ContextEntry>();
  for (const [p, e] of side.snapshot.entries) entries.set(p, e.type === 'file' ? { ...e, digest: digests.get(e.digest) ?? e.digest } : e);
  const snapshot: ContextSnapshot = { ...side.snapshot, entries };
  return { ...side, snapshot };
}
