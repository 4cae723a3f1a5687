/** The store's records of a mapped log: one timing per step that ran, placed as the store places steps. */
import type { Plan } from '../plan/index.js';
import type { StepTiming } from '../store/types.js';
import type { StepMapping } from './map-to-steps.js';

export function timingsOf(plan: Plan, mapping: StepMapping, time: string): StepTiming[] {
  return mapping.timed.flatMap(({ step, ordinal, seconds }) => step.key?.key
    ? [{ key: step.key.key, seconds, time, builder: 'buildkit' as const, dockerfile: plan.dockerfile, stage: step.stage, ordinal, instruction: step.step.instruction.text }]
    : []);
}
