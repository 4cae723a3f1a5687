/**
 * How long each step is expected to take, from durations recorded in real
 * builds. A cached step's key is usually one a build ran, so its own
 * duration is known. A rebuilt step has a new key, so its estimate is what
 * the earlier version of that step took: the same instruction in the same
 * stage (its inputs changed, or an edit above moved it), else the step that
 * last stood at its place when that instruction is gone from the stage (it
 * was edited, not moved).
 */
import type { Step } from '../graph/index.js';
import type { StepDurations } from '../store/types.js';
import { stepOrdinals } from './ordinals.js';
import type { PlannedStep, RebuildCost, StepEstimate } from './types.js';

export function withEstimates(steps: readonly PlannedStep[], dockerfile: string, durations: StepDurations): PlannedStep[] {
  const ordinals = stepOrdinals(steps);
  const texts = new Map<string, Set<string>>();
  for (const ps of steps) texts.set(ps.stage, (texts.get(ps.stage) ?? new Set()).add(ps.step.instruction.text));
  return steps.map((ps, i) => {
    const estimate = makesVertex(ps) ? estimateOf(ps, { dockerfile, stage: ps.stage, ordinal: ordinals[i] ?? 0 }, texts.get(ps.stage) ?? new Set(), durations) : null;
    return estimate ? { ...ps, estimate } : ps;
  });
}

function estimateOf(ps: PlannedStep, place: { dockerfile: string; stage: string; ordinal: number }, stageTexts: ReadonlySet<string>, durations: StepDurations): StepEstimate | null {
  const own = ps.key?.key ? durations.seconds(ps.key.key) : null;
  if (own !== null) return { seconds: own, from: 'this-step' };
  const text = ps.step.instruction.text;
  const same = durations.timedAs(place.dockerfile, place.stage, text);
  if (same) return { seconds: same.seconds, from: 'earlier-version' };
  const before = durations.timedAt(place);
  // The step that stood here is still in the stage elsewhere: it moved, and its time is its own.
  if (!before || stageTexts.has(before.instruction) || keyword(before.instruction) !== ps.step.instruction.keyword) return null;
  return { seconds: before.seconds, from: 'earlier-version' };
}

/** Steps a builder runs (and a log can time): keyed, not FROM another stage or scratch. */
export function makesVertex(ps: PlannedStep): boolean {
  if (!ps.key?.key || ps.status === 'skipped' || ps.status === 'metadata') return false;
  return !isFromWithoutImage(ps.step);
}

function isFromWithoutImage(step: Step): boolean {
  return step.op.kind === 'from' && step.op.base.kind !== 'image';
}

function keyword(instruction: string): string {
  return (/^\s*(\S+)/.exec(instruction)?.[1] ?? '').toUpperCase();
}

/** The rebuild's cost, when any rebuilt step has an estimate. */
export function rebuildCost(steps: readonly PlannedStep[]): RebuildCost | null {
  const rebuilt = steps.filter((ps) => ps.status === 'rebuilt' && !isFromWithoutImage(ps.step));
  const known = rebuilt.filter((ps) => ps.estimate);
  if (!known.length) return null;
  const seconds = known.reduce((sum, ps) => sum + (ps.estimate?.seconds ?? 0), 0);
  return { seconds: Math.round(seconds * 10) / 10, known: known.length, unknown: rebuilt.length - known.length };
}
