/**
 * The `layerplan build` use case: load the inputs, plan against the recorded
 * builds, and, when the plan counts as a build, record what it leaves in the
 * cache (a build failing on a missing source still caches the steps before it).
 */
import type { BaseNote } from '../layers/base-layers.js';
import { compareBasis, type CompareBasis } from '../plan/index.js';
import type { OpenStore, RunSource } from '../store/index.js';
import type { Host } from './host.js';
import { loadPlanInputs, type PlanRequest } from './load-inputs.js';
import { cachedBy, planDockerfile, type PlanOutcome } from './plan.js';
import { recordPlan } from './record.js';

export interface BuildRequest extends PlanRequest {
  /** Record the plan as a build of this source (`assumed` for --assume-built); null: a plan records nothing. */
  readonly record: RunSource | null;
}

export interface PlannedBuild {
  readonly outcome: PlanOutcome;
  readonly store: OpenStore;
  readonly bases: readonly BaseNote[];
  /** What the plan is compared with: the newest recorded build of this Dockerfile, if any. */
  readonly basis: CompareBasis;
}

export async function planBuild(req: BuildRequest, host: Host): Promise<PlannedBuild> {
  const inputs = await loadPlanInputs(req, host);
  const outcome = planDockerfile({ ...req, ...inputs, store: inputs.store.view });
  const plan = cachedBy(outcome);
  if (req.record) recordPlan(plan, req, req.record, host);
  return { outcome, store: inputs.store, bases: inputs.bases, basis: compareBasis(inputs.store.runs, plan) };
}
