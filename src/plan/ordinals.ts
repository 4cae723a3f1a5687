import type { PlannedStep } from './types.js';

/** Each step's position within its stage (0 = FROM), in plan order: where records and timings place a step. */
export function stepOrdinals(steps: readonly PlannedStep[]): number[] {
  const next = new Map<string, number>();
  return steps.map((ps) => {
    const ordinal = next.get(ps.stage) ?? 0;
    next.set(ps.stage, ordinal + 1);
    return ordinal;
  });
}
