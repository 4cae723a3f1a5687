/**
 * Decides each step's fate. A keyed step is cached when any recorded run
 * produced its key (a builder keeps every record until it is pruned); a
 * miss changes every later key of the stage, so the cascade needs no rule of
 * its own. Reading a rebuilt stage's output (COPY --from) is a miss that the
 * builder may still turn into a hit, so it is marked uncertain.
 */
import type { Stage, StageGraph, Step } from '../graph/index.js';
import type { Builder, StepKey } from '../key/index.js';
import type { StoreView } from '../store/types.js';
import { rebuildCost, withEstimates } from './estimate.js';
import { compareWithRecord } from './miss-reason.js';
import type { MissReason, Plan, PlannedStage, PlannedStep, PlanSummary, StepRef } from './types.js';

export interface PlanInput {
  readonly dockerfile: string;
  readonly builder: Builder;
  readonly target: string | null;
  readonly graph: StageGraph;
  readonly steps: readonly (readonly Step[])[];
  readonly keys: ReadonlyMap<string, StepKey>;
  readonly store: StoreView;
}

export function stageLabel(stage: Stage): string {
  return stage.name ?? String(stage.index);
}

export function stepRef(step: Step): StepRef {
  return { id: step.id, line: step.instruction.line, instruction: step.instruction.text };
}

export function makePlan(input: PlanInput): Plan {
  const planned = new Map<number, PlannedStep[]>();
  // A key an earlier stage of this same build produces is one vertex, built once: later uses are hits.
  const built = new Set<string>();
  const store: StoreView = { ...input.store, hasKey: (k) => built.has(k) || input.store.hasKey(k) };
  for (const index of input.graph.order) {
    const steps = planStage(index, { ...input, store }, planned);
    planned.set(index, steps);
    for (const s of steps) if (s.key?.key && s.status !== 'metadata') built.add(s.key.key);
  }
  const stages: PlannedStage[] = input.graph.stages.map((stage) => ({ stage, label: stageLabel(stage), skipped: !planned.has(stage.index) }));
  const steps = withEstimates(stages.flatMap(({ stage, label }) =>
    planned.get(stage.index) ?? (input.steps[stage.index] ?? []).map((step): PlannedStep => ({ step, stage: label, key: null, status: 'skipped', certain: true, reason: null })),
  ), input.dockerfile, input.store);
  return { dockerfile: input.dockerfile, builder: input.builder, target: input.target, stages, steps, summary: summarize(steps) };
}

function planStage(index: number, input: PlanInput, done: ReadonlyMap<number, PlannedStep[]>): PlannedStep[] {
  const stage = input.graph.stages[index] as Stage;
  const label = stageLabel(stage);
  const out: PlannedStep[] = [];
  let parent: PlannedStep | null = null;
  for (const [position, step] of (input.steps[index] ?? []).entries()) {
    const key = input.keys.get(step.id) ?? null;
    const ps: PlannedStep = position === 0
      ? planFrom(step, key, label, input, done)
      : planStep(step, key, label, position, parent, input, done);
    out.push(ps);
    if (ps.status === 'cached' || ps.status === 'rebuilt') parent = ps;
  }
  return out;
}

function planFrom(step: Step, key: StepKey | null, label: string, input: PlanInput, done: ReadonlyMap<number, PlannedStep[]>): PlannedStep {
  const base = step.op.kind === 'from' ? step.op.base : null;
  if (base?.kind === 'stage') {
    const last = lastKeyed(done.get(base.index) ?? []);
    const rebuilt = last?.status === 'rebuilt';
    const reason: MissReason | null = rebuilt && last ? cascade(last) : null;
    return { step, stage: label, key, status: rebuilt ? 'rebuilt' : 'cached', certain: last?.certain ?? true, reason };
  }
  if (!key?.key || input.store.hasKey(key.key)) return { step, stage: label, key, status: 'cached', certain: true, reason: null };
  const record = input.store.latestAt({ dockerfile: input.dockerfile, builder: input.builder, stage: label, ordinal: 0 });
  let reason: MissReason = { kind: 'first-build' };
  if (record && base?.kind === 'image') {
    const [beforeRef, beforeId] = record.op.split(' ');
    const [afterRef, afterId] = key.op.split(' ');
    reason = beforeRef === afterRef
      ? { kind: 'base-image-changed', ref: base.ref, before: beforeId ?? 'unknown', after: afterId ?? 'unknown' }
      : { kind: 'instruction-changed', before: record.instruction, after: step.instruction.text };
  }
  return { step, stage: label, key, status: 'rebuilt', certain: true, reason };
}

function planStep(step: Step, key: StepKey | null, label: string, ordinal: number, parent: PlannedStep | null, input: PlanInput, done: ReadonlyMap<number, PlannedStep[]>): PlannedStep {
  if (!key?.key) return { step, stage: label, key, status: 'metadata', certain: true, reason: null };
  const parentCertain = parent?.certain ?? true;
  if (input.store.hasKey(key.key)) {
    // A recorded remote ADD still hits only if the remote is unchanged: cached, but not certain, and why.
    const remote = key.uncertain;
    const reason: MissReason | null = remote ? { kind: 'remote-source', location: remote.location } : null;
    return { step, stage: label, key, status: 'cached', certain: parentCertain && !remote, reason };
  }
  const rebuiltInput = key.readsStages.find((s) => (done.get(s) ?? []).some((p) => p.status === 'rebuilt'));
  const reason = explainMiss(step, key, label, ordinal, parent, rebuiltInput, input);
  const certain = parentCertain && rebuiltInput === undefined;
  return { step, stage: label, key, status: 'rebuilt', certain, reason };
}

function explainMiss(step: Step, key: StepKey, label: string, ordinal: number, parent: PlannedStep | null, rebuiltInput: number | undefined, input: PlanInput): MissReason {
  const record = (key.parent ? input.store.latestChild(key.parent) : null)
    ?? input.store.latestAt({ dockerfile: input.dockerfile, builder: input.builder, stage: label, ordinal });
  if (parent?.status === 'rebuilt') {
    return !record && parent.reason?.kind === 'first-build' ? { kind: 'first-build' } : cascade(parent);
  }
  if (rebuiltInput !== undefined) {
    const stage = input.graph.stages[rebuiltInput];
    return { kind: 'stage-output', stage: stage ? stageLabel(stage) : String(rebuiltInput) };
  }
  if (!record) return { kind: 'first-build' };
  return compareWithRecord(record, key, step, input.store) ?? { kind: 'first-build' };
}

/** A rebuild caused by `parent`; the origin is where the cascade began. */
function cascade(parent: PlannedStep): MissReason {
  const origin = parent.reason?.kind === 'parent-rebuilt' ? parent.reason.origin : stepRef(parent.step);
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
    if (s.status === 'rebuilt' && previous.get(s.stage)?.status !== 'rebuilt' && s.reason?.kind !== 'parent-rebuilt') origins.push(stepRef(s.step));
    previous.set(s.stage, s);
  }
  const cost = rebuildCost(steps);
  return { cached: count('cached'), rebuilt: count('rebuilt'), skipped: count('skipped'), metadata: count('metadata'), uncertain: steps.filter((s) => !s.certain).length, origins, ...(cost ? { cost } : {}) };
}
