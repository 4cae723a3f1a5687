/** What `layerplan timings` records when a real build ran these lines of `plan` for these seconds. */
import type { Plan } from '../../src/plan/index.js';
import type { StepTiming } from '../../src/store/types.js';

export function timed(plan: Plan, seconds: Record<number, number>, time = '2026-01-01T00:00:00.000Z'): StepTiming[] {
  const ordinals = new Map<string, number>();
  return plan.steps.flatMap((ps) => {
    const ordinal = ordinals.get(ps.stage) ?? 0;
    ordinals.set(ps.stage, ordinal + 1);
    const s = seconds[ps.step.instruction.line];
    if (s === undefined || !ps.key?.key) return [];
    return [{ key: ps.key.key, seconds: s, time, builder: 'buildkit' as const, dockerfile: plan.dockerfile, stage: ps.stage, ordinal, instruction: ps.step.instruction.text }];
  });
}
