/**
 * What a plan is compared with, in one sentence's worth of data: the newest
 * recorded build of this Dockerfile (for this builder), and whether a real
 * builder made it or the user asked to count a plan as built. Hits can still
 * come from builds of other Dockerfiles that share keys; `none` counts them.
 */
import type { Builder } from '../key/index.js';
import type { RunRecord, RunSource } from '../store/types.js';
import type { Plan } from './types.js';
import { byCodeUnits } from '../lang/string-order.js';

export type CompareBasis =
  | { readonly kind: 'real-build'; readonly id: string; readonly time: string; readonly steps: number; readonly via: 'exec' | 'timings' | 'engine' }
  | { readonly kind: 'assumed'; readonly id: string; readonly time: string; readonly steps: number; readonly plans: number }
  | { readonly kind: 'none'; readonly cachedElsewhere: number };

export function sourceOf(run: RunRecord): RunSource {
  return run.source ?? 'assumed';
}

/** Steps a record says the builder holds: keyed and not metadata or skipped. */
export function builtSteps(run: RunRecord): number {
  return run.steps.filter((s) => s.key && (s.status === 'cached' || s.status === 'rebuilt')).length;
}

export function compareBasis(runs: readonly RunRecord[], plan: Pick<Plan, 'dockerfile' | 'builder' | 'steps'>): CompareBasis {
  const mine = runsOf(runs, plan.dockerfile, plan.builder);
  const newest = mine[mine.length - 1];
  if (!newest) return { kind: 'none', cachedElsewhere: cachedByOthers(runs, plan) };
  const source = sourceOf(newest);
  if (source === 'assumed') {
    return { kind: 'assumed', id: newest.id, time: newest.time, steps: builtSteps(newest), plans: mine.filter((r) => sourceOf(r) === 'assumed').length };
  }
  return { kind: 'real-build', id: newest.id, time: newest.time, steps: builtSteps(newest), via: source };
}

/** This Dockerfile's records for this builder, oldest first. */
export function runsOf(runs: readonly RunRecord[], dockerfile: string, builder: Builder): RunRecord[] {
  return runs.filter((r) => r.dockerfile === dockerfile && r.builder === builder).sort((a, b) => byCodeUnits(a.time, b.time));
}

/** Cached steps whose key a recorded build of another Dockerfile made (not hits within this same build). */
function cachedByOthers(runs: readonly RunRecord[], plan: Pick<Plan, 'steps'>): number {
  const keys = new Set(runs.flatMap((r) => r.steps.flatMap((s) => (s.key ? [s.key] : []))));
  return plan.steps.filter((ps) => ps.status === 'cached' && ps.key?.key && keys.has(ps.key.key)).length;
}
