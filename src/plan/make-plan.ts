/**
 * Decides each step's fate. A keyed step is cached when any recorded run
 * produced its key (a builder keeps every record until it is pruned); a
 * miss changes every later key of the stage, so the cascade needs no rule of
 * its own. Reading a rebuilt stage's output (COPY --from) is a miss that the
 * builder may still turn into a hit, so it is marked uncertain.
 */
import type { Stage, StageGraph, Step } from '../graph/index.js';
import type { Builder, StepKey } from '../key/index.js';
import type { StepRecord, StoreView } from '../store/types.js';
import { rebuildCost, withEstimates } from './estimate.js';
import { changedSelection, compareWithRecord, envChanges, filesChanged } from './miss-reason.js';
import { recordedBase } from './recorded-base.js';
import type { EvictedKeys, MissReason, NoCache, Plan, PlannedStage, PlannedStep, PlanSummary, RebuiltStep, StepRef } from './types.js';

export interface PlanInput {
  readonly dockerfile: string;
  readonly builder: Builder;
  readonly target: string | null;
  readonly graph: StageGraph;
  readonly steps: readonly (readonly Step[])[];
  readonly keys: ReadonlyMap<string, StepKey>;
  readonly store: StoreView;
  /** docker build --no-cache, or --no-cache-filter's stage names. */
  readonly noCache?: NoCache;
  /** Recorded keys the engine's build cache no longer holds: rebuilt, with the reason cache-pruned. */
  readonly evicted?: EvictedKeys;
}

export function stageLabel(stage: Stage): string {
  return stage.name ?? String(stage.index);
}

export function stepRef(step: Step): StepRef {
  return { id: step.id, line: step.instruction.line, instruction: step.instruction.text };
}

export function makePlan(input: PlanInput): Plan {
  const planned = new Map<number, PlannedStep[]>();
  // A key an earlier stage of this same build produces is there when a later step needs it: a hit (buildah builds
  // stages in order; BuildKit too when the steps are different operations with one key).
  const built = new Set<string>();
  // A recorded key whose layer the engine dropped is no hit, unless this build makes it again first.
  const store: StoreView = { ...input.store, hasKey: (k) => built.has(k) || (input.store.hasKey(k) && !input.evicted?.has(k)) };
  const vertices = new Map<string, RebuiltStep>();
  for (const index of input.graph.order) {
    const steps = planStage(index, { ...input, store }, planned, vertices);
    planned.set(index, steps);
    for (const s of steps) if (s.key?.key && s.status !== 'metadata') built.add(s.key.key);
  }
  const stages: PlannedStage[] = input.graph.stages.map((stage) => ({ stage, label: stageLabel(stage), skipped: !planned.has(stage.index) }));
  const steps = withEstimates(withBuiltOnce(stages.flatMap(({ stage, label }) =>
    planned.get(stage.index) ?? (input.steps[stage.index] ?? []).map((step): PlannedStep => ({ step, stage: label, key: null, status: 'skipped', certain: true })),
  )), input.dockerfile, input.store);
  return { dockerfile: input.dockerfile, builder: input.builder, target: input.target, stages, steps, summary: summarize(steps) };
}

/** Rebuilt steps that are one BuildKit vertex: each names the lines of all ("built once for lines 4 and 9"). */
function withBuiltOnce(steps: readonly PlannedStep[]): PlannedStep[] {
  // A FROM of a stage is no operation of its own: it names the stage's last step, not a twin of it.
  const operation = (s: PlannedStep): string | undefined => (s.status === 'rebuilt' && s.step.op.kind !== 'from' ? s.key?.vertex : undefined);
  const lines = new Map<string, number[]>();
  for (const s of steps) {
    const v = operation(s);
    if (v) lines.set(v, [...(lines.get(v) ?? []), s.step.instruction.line]);
  }
  return steps.map((s) => {
    const v = operation(s);
    const shared = v ? lines.get(v) : undefined;
    return shared && shared.length > 1 ? { ...s, builtOnce: [...new Set(shared)].sort((a, b) => a - b) } : s;
  });
}

function noCacheFor(noCache: NoCache | undefined, label: string): MissReason | null {
  if (noCache === true) return { kind: 'no-cache', stage: null };
  if (Array.isArray(noCache) && noCache.some((n) => n.toLowerCase() === label.toLowerCase())) return { kind: 'no-cache', stage: label };
  return null;
}

function planStage(index: number, input: PlanInput, done: ReadonlyMap<number, PlannedStep[]>, vertices: Map<string, RebuiltStep>): PlannedStep[] {
  const stage = input.graph.stages[index];
  if (!stage) return [];
  const label = stageLabel(stage);
  const noCache = noCacheFor(input.noCache, label);
  const out: PlannedStep[] = [];
  let parent: PlannedStep | null = null;
  for (const [position, step] of (input.steps[index] ?? []).entries()) {
    const key = input.keys.get(step.id) ?? null;
    const ps: PlannedStep = position === 0
      ? planFrom(step, key, label, input, done)
      // Without the cache a step the cache holds is rebuilt for that reason; one it lacks keeps its own (first build, ...).
      : noCache && key?.key && input.store.hasKey(key.key) ? { step, stage: label, key, status: 'rebuilt', certain: true, reason: noCache }
        : sameVertex(step, key, label, input, vertices, parent) ?? planStep(step, key, label, position, parent, input, done);
    out.push(ps);
    if (ps.status === 'cached' || ps.status === 'rebuilt') parent = ps;
    if (input.builder === 'buildkit' && ps.status === 'rebuilt' && key?.vertex && !vertices.has(key.vertex)) vertices.set(key.vertex, ps);
  }
  return out;
}

/**
 * BuildKit solves one graph: a step that is an operation already rebuilt in this build shares its fate and reason.
 * A cascade is told from the step's own parent (its twin's parent is a line of another stage).
 */
function sameVertex(step: Step, key: StepKey | null, label: string, input: PlanInput, vertices: ReadonlyMap<string, RebuiltStep>, parent: PlannedStep | null): PlannedStep | null {
  if (input.builder !== 'buildkit' || !key?.vertex) return null;
  const first = vertices.get(key.vertex);
  if (!first) return null;
  const reason = first.reason.kind === 'parent-rebuilt' && parent?.status === 'rebuilt' ? cascade(parent) : first.reason;
  return { step, stage: label, key, status: 'rebuilt', certain: first.certain, reason };
}

function planFrom(step: Step, key: StepKey | null, label: string, input: PlanInput, done: ReadonlyMap<number, PlannedStep[]>): PlannedStep {
  const base = step.op.kind === 'from' ? step.op.base : null;
  const record = input.store.latestAt({ dockerfile: input.dockerfile, builder: input.builder, stage: label, ordinal: 0 });
  if (base?.kind === 'stage') {
    const last = lastKeyed(done.get(base.index) ?? []);
    if (last?.status !== 'rebuilt') return { step, stage: label, key, status: 'cached', certain: last?.certain ?? true };
    const reason: MissReason = !record && last.reason.kind === 'first-build' ? { kind: 'first-build' } : cascade(last);
    return { step, stage: label, key, status: 'rebuilt', certain: last.certain, reason };
  }
  if (!key?.key || input.store.hasKey(key.key)) return { step, stage: label, key, status: 'cached', certain: true };
  return { step, stage: label, key, status: 'rebuilt', certain: true, reason: record && base?.kind === 'image' ? baseChange(record, key, step, base.ref) : { kind: 'first-build' } };
}

/** Why a FROM image's key moved: the arg that names it, the platform, the image a tag names, or the text. */
function baseChange(record: StepRecord, key: StepKey, step: Step, ref: string): MissReason {
  const before = recordedBase(record);
  const after = key.base;
  if (before?.ref !== after?.ref) {
    const args = envChanges(record.env, key.env);
    if (args && args.changes.length) return { ...args, image: { before: before?.ref ?? '', after: after?.ref ?? '' } };
    return { kind: 'instruction-changed', before: record.instruction, after: step.instruction.text };
  }
  const platform = (s: Readonly<Record<string, string>>): string | null => s.platform ?? null;
  if (platform(record.settings) !== platform(key.settings)) return { kind: 'setting-changed', setting: 'platform', before: platform(record.settings), after: platform(key.settings) };
  return { kind: 'base-image-changed', ref, before: before?.id ?? 'unknown', after: after?.id ?? 'unknown' };
}

function planStep(step: Step, key: StepKey | null, label: string, ordinal: number, parent: PlannedStep | null, input: PlanInput, done: ReadonlyMap<number, PlannedStep[]>): PlannedStep {
  if (!key?.key) return { step, stage: label, key, status: 'metadata', certain: true };
  const parentCertain = parent?.certain ?? true;
  const rebuiltInput = key.readsStages.find((s) => (done.get(s) ?? []).some((p) => p.status === 'rebuilt'));
  // Only a stage built without the cache (--no-cache-filter) rebuilds under an unchanged key: what builds on it
  // rebuilds too, and a COPY --from of it hits only if its output is byte-identical (recorded: no-cache-filter).
  if (input.store.hasKey(key.key) && parent?.status === 'rebuilt') return { step, stage: label, key, status: 'rebuilt', certain: parentCertain, reason: cascade(parent) };
  if (input.store.hasKey(key.key) && rebuiltInput !== undefined) return { step, stage: label, key, status: 'rebuilt', certain: false, reason: stageOutput(rebuiltInput, input) };
  if (input.store.hasKey(key.key)) {
    // A recorded remote ADD still hits only if the remote is unchanged: cached, but not certain, and why.
    const remote = key.uncertain;
    return { step, stage: label, key, status: 'cached', certain: parentCertain && !remote, ...(remote ? { uncertain: remote } : {}) };
  }
  const reason = explainMiss(step, key, label, ordinal, parent, rebuiltInput, input);
  // Uncertain only where the outcome hangs on bytes a build makes: a rebuilt stage read while nothing else moved,
  // or a parent whose own rebuild is uncertain. A certainly rebuilt parent makes this a certain rebuild.
  const certain = parent?.status === 'rebuilt' ? parentCertain : reason.kind !== 'stage-output';
  return { step, stage: label, key, status: 'rebuilt', certain, reason };
}

function explainMiss(step: Step, key: StepKey, label: string, ordinal: number, parent: PlannedStep | null, rebuiltInput: number | undefined, input: PlanInput): MissReason {
  const record = recordOf(key, label, ordinal, step, input);
  if (parent?.status === 'rebuilt') {
    return !record && parent.reason?.kind === 'first-build' ? { kind: 'first-build' } : cascade(parent);
  }
  const pruned = key.key ? input.evicted?.get(key.key) : undefined;
  if (pruned) return { kind: 'cache-pruned', builtAt: pruned.builtAt, engine: pruned.engine };
  if (!record) return { kind: 'first-build' };
  const changed = compareWithRecord(record, key, step) ?? filesChangedSince(record, key, input.store);
  if (changed) return changed;
  return rebuiltInput !== undefined ? stageOutput(rebuiltInput, input) : { kind: 'first-build' };
}

/** The files a step reads that changed since the record: one store read, of the first selection that moved. */
function filesChangedSince(record: StepRecord, key: StepKey, store: StoreView): MissReason | null {
  const moved = changedSelection(record, key);
  if (!moved) return null;
  return filesChanged(moved.before === null ? {} : store.selection(moved.before) ?? {}, moved);
}

function stageOutput(index: number, input: PlanInput): MissReason {
  const stage = input.graph.stages[index];
  return { kind: 'stage-output', stage: stage ? stageLabel(stage) : String(index) };
}

/**
 * The record this step is compared with: what its parent ran last time, when that was this stage's step at this
 * position or with this text (lines moved by non-keyed instructions), else the newest step at this position.
 * Never another stage's step that happened to hang under the same parent.
 */
function recordOf(key: StepKey, label: string, ordinal: number, step: Step, input: PlanInput): StepRecord | null {
  const here = input.store.latestAt({ dockerfile: input.dockerfile, builder: input.builder, stage: label, ordinal });
  // This Dockerfile's own step under the same parent first: Dockerfiles that share a FROM and WORKDIR share
  // their keys, and another one's step there (a service's COPY package.json) says nothing of this one's COPY . .
  if (here && key.parent && here.parent === key.parent) return here;
  const child = key.parent ? input.store.latestChild(key.parent) : null;
  if (child && child.stage === label && (child.ordinal === ordinal || child.instruction === step.instruction.text)) return child;
  return here;
}

/** A rebuild caused by `parent`; the origin is where the cascade began. */
function cascade(parent: RebuiltStep): MissReason {
  const origin = parent.reason.kind === 'parent-rebuilt' ? parent.reason.origin : stepRef(parent.step);
  return { kind: 'parent-rebuilt', parent: stepRef(parent.step), origin };
}

function lastKeyed(steps: readonly PlannedStep[]): PlannedStep | undefined {
  return [...steps].reverse().find((s) => s.status === 'cached' || s.status === 'rebuilt');
}

function summarize(steps: readonly PlannedStep[]): PlanSummary {
  const count = (status: string): number => steps.filter((s) => s.status === status).length;
  // A rebuild starts where a stage's previous layer is not itself rebuilt.
  const previous = new Map<string, PlannedStep>();
  const origins: StepRef[] = [];
  for (const s of steps) {
    if (s.status !== 'cached' && s.status !== 'rebuilt') continue;
    if (s.status === 'rebuilt' && previous.get(s.stage)?.status !== 'rebuilt' && s.reason.kind !== 'parent-rebuilt') origins.push(stepRef(s.step));
    previous.set(s.stage, s);
  }
  const cost = rebuildCost(steps);
  return { cached: count('cached'), rebuilt: count('rebuilt'), skipped: count('skipped'), metadata: count('metadata'), uncertain: steps.filter((s) => !s.certain).length, origins, ...(cost ? { cost } : {}) };
}
