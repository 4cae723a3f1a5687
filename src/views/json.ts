/** The stable `--json` shape (schemaVersion 1). Fields may be added, never renamed. */
import { stepNote, type MissReason, type Plan, type PlannedStep } from '../plan/index.js';
import type { ActualView } from './text.js';

export const SCHEMA_VERSION = 1;

export interface JsonStep {
  readonly stage: string;
  readonly line: number;
  readonly endLine: number;
  readonly instruction: string;
  readonly status: PlannedStep['status'];
  readonly key: string | null;
  readonly certain: boolean;
  /** Why it is rebuilt, or why a hit is uncertain (remote-source); null otherwise. */
  readonly reason: MissReason | null;
  /** Seconds the step is expected to take, from real builds' logs (`layerplan timings`); absent when unknown. */
  readonly estimatedSeconds?: number;
  /** Lines of the steps that are this one operation, which BuildKit builds once. */
  readonly builtOnce?: readonly number[];
}

/** With `actual` (a real build, `--exec`): each step's `actual` and `seconds`, and `predicted`/`predictedRight` in the summary. */
export function toJson(plan: Plan, extra: Readonly<Record<string, unknown>> = {}, actual?: ActualView): object {
  const steps = plan.steps.map(jsonStep);
  return {
    schemaVersion: SCHEMA_VERSION,
    dockerfile: plan.dockerfile,
    builder: plan.builder,
    target: plan.target,
    ...extra,
    stages: plan.stages.map((s) => ({ index: s.stage.index, name: s.stage.name, line: s.stage.from.line, skipped: s.skipped })),
    steps: actual ? steps.map((js, i) => withActual(js, plan.steps[i], actual)) : steps,
    summary: actual ? { ...plan.summary, predicted: actual.predicted, predictedRight: actual.predictedRight } : plan.summary,
  };
}

function withActual(js: JsonStep, ps: PlannedStep | undefined, view: ActualView): object {
  const a = ps ? view.steps.get(ps.step.id) : undefined;
  return { ...js, actual: a?.actual ?? null, seconds: a?.seconds ?? null, ...(a?.failed ? { failed: true } : {}) };
}

function jsonStep(ps: PlannedStep): JsonStep {
  const ins = ps.step.instruction;
  const json: JsonStep = { stage: ps.stage, line: ins.line, endLine: ins.endLine, instruction: ins.text, status: ps.status, key: ps.key?.key ?? null, certain: ps.certain, reason: stepNote(ps) };
  const shared = ps.builtOnce ? { ...json, builtOnce: ps.builtOnce } : json;
  return ps.estimate ? { ...shared, estimatedSeconds: ps.estimate.seconds } : shared;
}
