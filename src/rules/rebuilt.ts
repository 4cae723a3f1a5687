/** Reading a PlanChange: which expensive steps a commit rebuilds, and where each rebuild started. */
import type { PlannedStep } from '../plan/index.js';
import { classifyRun, type Expense } from './expense.js';
import type { PlanChange } from './types.js';

export interface RebuiltExpensive {
  readonly step: PlannedStep;
  readonly expense: Expense;
  /** The step whose own inputs changed (the step itself when it is not a cascade). */
  readonly origin: PlannedStep;
}

export function rebuiltExpensive(change: PlanChange): RebuiltExpensive[] {
  const byId = new Map(change.after.steps.map((ps) => [ps.step.id, ps]));
  const out: RebuiltExpensive[] = [];
  for (const ps of change.after.steps) {
    if (ps.status !== 'rebuilt' || !ps.reason) continue;
    const expense = classifyRun(ps.step);
    if (!expense) continue;
    const origin = ps.reason.kind === 'parent-rebuilt' ? byId.get(ps.reason.origin.id) : ps;
    if (origin) out.push({ step: ps, expense, origin });
  }
  return out;
}

/** Every file a files-changed reason names. */
export function changedFiles(ps: PlannedStep): string[] {
  const r = ps.reason;
  if (r?.kind !== 'files-changed') return [];
  return [...r.modified, ...r.added, ...r.removed];
}
