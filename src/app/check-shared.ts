/**
 * `check --against NAME` with shared records (refs/layerplan/NAME): what the
 * builder behind those records (CI) will rebuild for the staged tree. No
 * network: it reads what the last `layerplan pull` fetched. The index holds
 * blob ids while real builds key files by their XXH64, so the blobs in each
 * recorded Dockerfile's context are hashed once and remembered by blob id
 * (git/blob-digests.ts); a commit costs only the blobs it adds. Base images
 * are keyed with the ids the newest shared build saw: no engine is asked.
 */
import path from 'node:path';
import type { ContextEntry, ContextSnapshot } from '../context/types.js';
import { createHasher } from '../context/hash.js';
import { blobDigests } from '../git/blob-digests.js';
import { openRepo } from '../git/repo.js';
import { readSide, type Side } from '../git/side.js';
import { readIndexTree } from '../git/tree.js';
import { unplannable } from './analyze.js';
import { planSide, rebuiltLines, type CheckContext } from './check.js';
import { platformArgs } from './platform.js';
import { hostPlatform, normalizePlatform } from '../graph/index.js';
import type { RunRecord } from '../store/types.js';
import { definitionTargetsOf, setUpWith, type CheckOptions } from './repo-targets.js';
import { openSharedStore } from './shared-records.js';
import { unchangedBuild, type StagedIds } from './shared-unchanged.js';
import { changedSince, treeIds } from '../git/records-built.js';
import type { CheckReport, DockerfileReport, SharedBasis } from '../rules/report.js';

export type SharedCheckReport = CheckReport & { readonly shared: SharedBasis };

export async function checkAgainstShared(opts: CheckOptions, name: string): Promise<SharedCheckReport> {
  const repo = openRepo(opts.cwd);
  const shared = openSharedStore(repo.root, name, '');
  // Started first: git compares the index with the commits built while the index is read here.
  const diffs = changedSince(repo.root, shared.store.runs.flatMap((r) => (r.git?.clean ? [r.git.commit] : [])));
  const s = setUpWith(opts, repo.root, readIndexTree(repo.root), await definitionTargetsOf(repo.root, opts.env, null));
  const builder = s.config.builder;
  const recorded = (dockerfile: string): boolean => shared.store.runs.some((r) => r.builder === builder && r.dockerfile === path.join(repo.root, dockerfile));
  const targets = s.targets.filter((t) => recorded(t.dockerfile));
  const runsOf = (dockerfile: string): RunRecord[] => shared.store.runs.filter((r) => r.dockerfile === path.join(repo.root, dockerfile));
  const changed = await diffs;
  let ids: ReadonlyMap<string, string> | null = null;
  const staged: StagedIds = { index: s.index, changedSince: (c) => changed.get(c) ?? null, treeId: (dir) => (ids ??= treeIds(s.index)).get(dir) };
  const unchanged = new Set(targets.filter((t) => unchangedBuild(t, runsOf(t.dockerfile), staged, s) !== null));
  const planned = targets.filter((t) => !unchanged.has(t));
  const sides = planned.map((t) => readSide(repo.root, s.index, t, builder));
  const oids = sides.flatMap((side) => [...side.snapshot.entries.values()].flatMap((e) => (e.type === 'file' ? [e.digest] : [])));
  const { digests, stats } = oids.length ? await blobDigests(repo.root, repo.gitDir, oids) : { digests: new Map<string, string>(), stats: { cached: 0, hashed: 0, bytes: 0 } };
  const platform = (dockerfile: string): string => builtPlatform(shared.store.runs, dockerfile) ?? normalizePlatform(hostPlatform(opts.arch));
  const c: CheckContext = { hash: await createHasher(), setup: s, durations: shared.store.view, platformArgs: platformArgs(opts.arch), baseIds: (dockerfile) => idsOnly(shared.baseIdsFor(dockerfile)), platform };
  const reports = targets.map((target): DockerfileReport => {
    const base = { dockerfile: target.dockerfile, context: target.context, ...(target.definition ? { definition: target.definition } : {}), state: 'changed' as const };
    if (unchanged.has(target)) return { ...base, rebuilt: [], findings: [] };
    const side = withDigests(sides[planned.indexOf(target)] as Side, digests);
    if (side.text === null) return { ...base, rebuilt: [], findings: [] };
    const plan = planSide(target, side, side.text, c, shared.store.view);
    if (plan.kind === 'unplannable') return { ...base, rebuilt: [], findings: [unplannable(target.dockerfile, plan.line, plan.message)] };
    return { ...base, rebuilt: rebuiltLines(plan.plan), findings: [] };
  });
  const unrecorded = s.targets.filter((t) => !recorded(t.dockerfile)).map((t) => t.dockerfile);
  return { repo: s.root, against: name, reports, shared: { name, builds: shared.builds, pulledAt: shared.pulledAt, newest: shared.newest, unrecorded: [...new Set(unrecorded)], unchanged: [...new Set([...unchanged].map((t) => t.dockerfile))], blobs: stats } };
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
