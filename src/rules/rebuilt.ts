/**
 * Reading a PlanChange: which expensive steps a commit rebuilds, and where
 * each rebuild started. A step's recorded duration, when the plan has one,
 * decides whether it is expensive (see expense.ts).
 */
import type { PlannedStep, RebuiltStep } from '../plan/index.js';
import { formatSeconds } from '../timings/duration.js';
import { expenseOf, type Expense } from './expense.js';
import type { PlanChange } from './types.js';

export interface RebuiltExpensive {
  readonly step: RebuiltStep;
  readonly expense: Expense;
  /** The step whose own inputs changed (the step itself when it is not a cascade). */
  readonly origin: PlannedStep;
  /** Its estimated duration from recorded builds, or null. */
  readonly seconds: number | null;
}

export function rebuiltExpensive(change: PlanChange): RebuiltExpensive[] {
  const byId = new Map(change.after.steps.map((ps) => [ps.step.id, ps]));
  const out: RebuiltExpensive[] = [];
  for (const ps of change.after.steps) {
    if (ps.status !== 'rebuilt') continue;
    const seconds = ps.estimate?.seconds ?? null;
    const expense = expenseOf(ps.step, seconds);
    if (!expense) continue;
    const origin = ps.reason.kind === 'parent-rebuilt' ? byId.get(ps.reason.origin.id) : ps;
    if (origin) out.push({ step: ps, expense, origin, seconds });
  }
  return out;
}

/** Every file a files-changed reason names. */
export function changedFiles(ps: PlannedStep): string[] {
  const r = ps.status === 'rebuilt' ? ps.reason : null;
  if (r?.kind !== 'files-changed') return [];
  return [...r.modified, ...r.added, ...r.removed];
}

/** ", ≈ 42s in recorded builds" after a step's line number, or nothing when no build was timed. */
export function durationNote(r: RebuiltExpensive): string {
  return r.seconds === null ? '' : `, ≈ ${formatSeconds(r.seconds)} in recorded builds`;
}
