/**
 * The `check` use case: read the trees from git, find the Dockerfiles, build
 * each context from blob ids (no working-tree walk), plan the base revision
 * and then the index against it, in memory, and run the rules. Only
 * Dockerfiles whose inputs the change touches are planned.
 */
import { join } from 'node:path';
import { createHasher } from '../context/hash.js';
import type { BaseImageIds, HashFn } from '../key/index.js';
import { toRunRecord, type Plan } from '../plan/index.js';
import type { Finding } from '../rules/index.js';
import { changedFiles } from '../rules/rebuilt.js';
import { withoutRepeatedFindings, type CheckReport, type DockerfileReport, type RebuiltLine } from '../rules/report.js';
import { indexRuns } from '../store/index-runs.js';
import { NO_DURATIONS } from '../store/index-timings.js';
import type { StepDurations, StoreView } from '../store/types.js';
import { readIndexFile } from '../git/index-file.js';
import { likelyIndexFile, openRepoAsync } from '../git/repo.js';
import { GitError } from '../git/run-git.js';
import { ignoreCandidates, readBaseAndIndex, type Side } from '../git/side.js';
import { diffIndex, EMPTY_TREE, readIndexAgainst, type GitTree } from '../git/tree.js';
import { sortTargets, type Target } from '../project/discover.js';
import { analyzeDockerfile, unplannableFindings, type PlanFailure } from './analyze.js';
import { RestrictionDoesNotHold, type ViewMemory, type ViewRestriction } from './context-view.js';
import { REST_KEY } from '../context/index.js';
import { missingBuildReports } from './missing-builds.js';
import { planDockerfile } from './plan.js';
import { platformArgs } from './platform.js';
import { prepare } from './prepare.js';
import { buildOf, definitionTargetsOf, factsOf, setUpWith, type CheckDerivation, type CheckOptions, type Setup } from './repo-targets.js';

export type { CheckOptions } from './repo-targets.js';
export type { CheckReport, DockerfileReport, RebuiltLine } from '../rules/report.js';

/** `check`: the index against a revision. */
export async function checkRepo(opts: CheckOptions): Promise<CheckReport> {
  // git diffs (diffIndex: from any folder) and says where the repository is while the index file it
  // most likely names is read; what was read is kept only when git names that file.
  const diff = diffIndex(opts.cwd, opts.against);
  const opening = openRepoAsync(opts.cwd);
  const file = likelyIndexFile(opts.cwd, opts.env);
  const early = file === null ? null : { file, format: 'sha1' as const, read: readIndexFile(file, 'sha1') };
  const repo = await opening;
  const root = repo.root;
  const { index, rev, changed: diffed } = await readIndexAgainst(repo, opts.against, diff, early);
  // Targets in the order found: only the touched ones are sorted, for the report (see TargetOrder).
  const s = setUpWith(opts, root, index, await definitionTargetsOf(root, opts.env, index), 'found');
  const base = rev ?? (opts.against === 'HEAD' ? EMPTY_TREE : null);
  if (base === null) throw new GitError(`"${opts.against}" is not a revision of this repository; pass a branch, tag or commit to --against`, ['rev-parse']);
  const changed = diffed ?? changedPaths(base, s.index);
  const before = await beforeDefinitions(s, base, changed, opts);
  const touched = sortTargets(s.targets.filter((t) => isTouched(t, changed, s) || definitionChanged(t, before(t))));
  let hash: HashFn | null = null;
  let durations: StepDurations | null = null;
  const reports: DockerfileReport[] = [];
  for (const target of touched) {
    hash ??= await createHasher();
    durations ??= opts.durations?.() ?? NO_DURATIONS;
    reports.push(checkOne(target, before(target) ?? target, base, changed, { hash, setup: s, durations, platformArgs: platformArgs(opts.arch), ...(opts.derivation ? { derivation: opts.derivation } : {}) }));
  }
  // A build whose context folder is missing: LP001 at its definition's line, when the change touches it.
  reports.push(...missingBuildReports(s.missing, s.settings, changed));
  return { repo: s.root, against: opts.against, reports: withoutRepeatedFindings(reports) };
}

export interface CheckContext {
  readonly hash: HashFn;
  readonly setup: Setup;
  readonly durations: StepDurations;
  readonly platformArgs: ReadonlyMap<string, string>;
  /** Base image ids to key FROM with, per Dockerfile (a shared cache's); none: bases by name. */
  readonly baseIds?: (dockerfile: string) => BaseImageIds;
  /** The target platform FROM resolves to (a shared cache's builds'); none: FROM keys carry no platform. */
  readonly platform?: (dockerfile: string) => string | undefined;
  /** How the two sides are keyed (CheckOptions.derivation); default restricted. */
  readonly derivation?: CheckDerivation;
}

/**
 * How the base revision's definition files built each target (its stage and
 * args then), read only when the change touches a definition file: editing
 * `target:` or `args:` in compose.yaml changes what the build makes.
 */
async function beforeDefinitions(s: Setup, base: GitTree, changed: ReadonlySet<string>, opts: CheckOptions): Promise<(t: Target) => Target | null> {
  if (![...changed].some(isDefinitionFile)) return () => null;
  const { definitionTargets, indexFs } = await import('./definition-targets.js');
  let old: Target[];
  try {
    old = definitionTargets(s.root, opts.env, indexFs(s.root, base));
  } catch {
    // The base revision's file did not load: compare with the Dockerfile's own history only.
    return () => null;
  }
  return (t) => (t.definition ? (old.find((o) => o.definition === t.definition && o.dockerfile === t.dockerfile) ?? null) : null);
}

function isDefinitionFile(p: string): boolean {
  const name = p.slice(p.lastIndexOf('/') + 1);
  return p.startsWith('.github/workflows/') || name === '.env' || /compose|bake/i.test(name);
}

function definitionChanged(t: Target, before: Target | null): boolean {
  if (!before) return false;
  const args = (x: Target): string => JSON.stringify([...(x.buildArgs ?? [])].sort());
  return (before.buildTarget ?? null) !== (t.buildTarget ?? null) || before.context !== t.context || args(before) !== args(t);
}

function checkOne(target: Target, beforeTarget: Target, base: GitTree, changed: ReadonlySet<string>, c: CheckContext): DockerfileReport {
  const s = c.setup;
  const [sameContext, after] = readBaseAndIndex(s.root, base, s.index, changed, target, s.config.builder);
  // A definition that moved its context reads the base side from the old context.
  const before = beforeTarget.context === target.context ? sameContext : readBaseAndIndex(s.root, base, s.index, changed, beforeTarget, s.config.builder)[0];
  const prefix = target.context === '' ? '' : `${target.context}/`;
  const changedHere = [...changed].filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length));
  const facts = factsOf(after, target, s, changedHere);
  const report = (state: DockerfileReport['state'], rebuilt: RebuiltLine[], findings: Finding[]): DockerfileReport => ({ dockerfile: target.dockerfile, context: target.context, ...(target.definition ? { definition: target.definition } : {}), state, rebuilt, findings });
  const text = after.text;
  if (text === null) return report('changed', [], []);
  const analyzeInput = { dockerfile: target.dockerfile, text, context: facts, change: null, settings: s.settings, platformArgs: c.platformArgs, build: buildOf(target, s.overrides) };
  const reportOf = ({ beforePlan, afterPlan }: PlannedChange): DockerfileReport => {
    if (afterPlan.kind === 'unplannable') {
      const failedBefore = beforePlan?.kind === 'unplannable' ? beforePlan.failure : null;
      return report('changed', [], unplannableFindings(analyzeInput, afterPlan.failure, failedBefore, target.context));
    }
    const change = { before: beforePlan?.kind === 'planned' ? beforePlan.plan : null, after: afterPlan.plan };
    const findings = analyzeDockerfile({ ...analyzeInput, change: change.before ? change : null });
    const rebuilt = change.before ? rebuiltLines(afterPlan.plan) : [];
    return report(before.text === null ? 'new' : 'changed', rebuilt, findings);
  };
  const planned = (restrict: boolean): DockerfileReport => reportOf(planChange(target, { ...after, text }, beforeTarget, before, c, restrict));
  if (c.derivation !== 'both') return planned(c.derivation !== 'full');
  const [restricted, full] = [planned(true), planned(false)];
  if (JSON.stringify(restricted) !== JSON.stringify(full)) throw new Error(`check: the restricted and the full derivation disagree on ${target.dockerfile}:\n${JSON.stringify(restricted)}\n${JSON.stringify(full)}`);
  return restricted;
}

interface PlannedChange {
  readonly beforePlan: SidePlan | null;
  readonly afterPlan: SidePlan;
}

/**
 * Both sides, the base plan as the index side's store. Restricted to the
 * files the change replaced when the index side is a patch of the base side
 * (context/restricted.ts); in full when it is not, or when a restricted
 * plan meets a comparison the restriction does not decide.
 */
function planChange(target: Target, after: Side & { readonly text: string }, beforeTarget: Target, before: Side, c: CheckContext, restrict: boolean): PlannedChange {
  const restriction = restrict && before.text !== null && after.patchOf?.base === before.snapshot ? { paths: after.patchOf.paths } : null;
  const plan = (r: ViewRestriction | null): PlannedChange => {
    const memory = r === null ? {} : { restrict: r };
    const beforePlan = before.text === null ? null : planSide(beforeTarget, before, before.text, c, indexRuns([], () => null), memory);
    return { beforePlan, afterPlan: planSide(target, after, after.text, c, storeOf(beforePlan, c.durations), memory) };
  };
  if (restriction === null) return plan(null);
  try {
    const restricted = plan(restriction);
    if (!comparedOutside(restricted.afterPlan)) return restricted;
  } catch (err) {
    if (!(err instanceof RestrictionDoesNotHold)) throw err;
  }
  return plan(null);
}

/** A files-changed reason naming REST_KEY: a restricted record was compared with one of other paths (or a full one). */
function comparedOutside(plan: SidePlan): boolean {
  if (plan.kind !== 'planned') return false;
  return plan.plan.steps.some((ps) => ps.status === 'rebuilt' && ps.reason.kind === 'files-changed' && [ps.reason.added, ps.reason.removed, ps.reason.modified].some((names) => names.includes(REST_KEY)));
}

export type SidePlan = { readonly kind: 'planned'; readonly plan: Plan } | { readonly kind: 'unplannable'; readonly failure: PlanFailure };

/** One side of the change planned in memory; a side that would not build is unplannable (nothing of it is cached). */
export function planSide(target: Target, side: Pick<Side, 'snapshot'>, text: string, c: CheckContext, store: StoreView, viewMemory: ViewMemory = {}): SidePlan {
  const { target: buildTarget, args: buildArgs } = buildOf(target, c.setup.overrides);
  const prepared = prepare(text, { buildArgs, target: buildTarget, platformArgs: c.platformArgs });
  if (!prepared.ok) {
    return { kind: 'unplannable', failure: { kind: 'prepare', problem: prepared.problem } };
  }
  const dockerfile = join(c.setup.root, target.dockerfile);
  const outcome = planDockerfile({ dockerfile, builder: c.setup.config.builder, target: buildTarget, prepared: prepared.dockerfile, context: side.snapshot, hash: c.hash, store, viewMemory, baseIds: c.baseIds?.(dockerfile) ?? new Map(), ...platformOf(c, dockerfile) });
  if (outcome.kind === 'planned') return outcome;
  return { kind: 'unplannable', failure: { kind: 'source-missing', missing: outcome.missing } };
}

function platformOf(c: CheckContext, dockerfile: string): { platform?: string } {
  const platform = c.platform?.(dockerfile);
  return platform ? { platform } : {};
}

/** The base plan as the only recorded run: what a builder that built the base has cached. */
function storeOf(plan: SidePlan | null, durations: StepDurations): StoreView {
  if (plan?.kind !== 'planned') return indexRuns([], () => null, durations);
  const { run, selections } = toRunRecord(plan.plan, { id: 'base', time: '1970-01-01T00:00:00.000Z', context: '', buildArgs: {} });
  return indexRuns([run], (d) => selections.get(d) ?? null, durations);
}

export function rebuiltLines(plan: Plan): RebuiltLine[] {
  return plan.steps.flatMap((ps) => ps.status !== 'rebuilt' ? [] : [{
    line: ps.step.instruction.line,
    instruction: ps.step.instruction.text,
    reason: ps.reason,
    files: changedFiles(ps),
    ...(ps.estimate ? { seconds: ps.estimate.seconds } : {}),
  }]);
}

/** Paths whose mode or blob differs between the trees (added, removed or modified). */
export function changedPaths(a: GitTree, b: GitTree): Set<string> {
  const out = new Set<string>();
  let added = 0;
  for (const [p, e] of b) {
    const old = a.get(p);
    if (!old) added++;
    if (!old || old.oid !== e.oid || old.mode !== e.mode) out.add(p);
  }
  // Every path of `a` is in `b` exactly when the counts agree: then nothing was removed, and the
  // second pass (20,000 more lookups, ~5 ms) is not needed.
  if (a.size !== b.size - added) for (const p of a.keys()) if (!b.has(p)) out.add(p);
  return out;
}

function isTouched(t: Target, changed: ReadonlySet<string>, s: Setup): boolean {
  if (changed.has(t.dockerfile)) return true;
  if (ignoreCandidates(s.root, t, s.config.builder).some((p) => changed.has(p))) return true;
  const prefix = t.context === '' ? '' : `${t.context}/`;
  for (const p of changed) if (p.startsWith(prefix)) return true;
  return false;
}
