/**
 * The `layerplan build` use case: load the inputs, plan against the recorded
 * builds, and, when the plan counts as a build, record what it leaves in the
 * cache (a build failing on a missing source still caches the steps before it).
 */
import type { BaseNote } from '../layers/base-layers.js';
import { compareBasis, type CompareBasis } from '../plan/index.js';
import { openStore, type OpenStore, type RunSource } from '../store/index.js';
import type { CacheCheck } from './cache-held.js';
import type { EngineImport } from './engine-builds.js';
import type { Host } from './host.js';
import { loadPlanInputs, type PlanRequest } from './load-inputs.js';
import { cachedBy, planDockerfile, type PlanOutcome } from './plan.js';
import { recordPlan } from './record.js';
import { writeSelectionMemo } from '../context/selection-memo.js';
import { hostPlatform, normalizePlatform } from '../graph/index.js';

export interface BuildRequest extends PlanRequest {
  /** Record the plan as a build of this source (`assumed` for --assume-built); null: a plan records nothing. */
  readonly record: RunSource | null;
  /** Learn the engine's own builds of this context first (a docker build run outside layerplan). */
  readonly engineHistory?: boolean;
  /** Ask the engine's build cache whether the layers called cached are still there (a BuildKit build). */
  readonly engineCache?: boolean;
}

export interface PlannedBuild {
  readonly outcome: PlanOutcome;
  readonly store: OpenStore;
  readonly bases: readonly BaseNote[];
  /** What the plan is compared with: the newest recorded build of this Dockerfile, if any. */
  readonly basis: CompareBasis;
  /** What was learnt from the engine's build history, when it was asked. */
  readonly engineImport?: EngineImport;
  /** What the engine's build cache said, when it was asked. */
  readonly cacheCheck?: CacheCheck;
}

export async function planBuild(req: BuildRequest, host: Host): Promise<PlannedBuild> {
  const inputs = await loadPlanInputs(req, host);
  // The FROM keys resolve to the target platform: --platform, else the machine's (a native build).
  const platform = normalizePlatform(req.platform ?? hostPlatform(host.arch));
  let store = inputs.store;
  let outcome = planDockerfile({ ...req, ...inputs, platform, store: store.view });
  // Loaded only when asked: the pre-commit path and scripts without an engine never read buildx's state.
  const history = req.engineHistory && !req.store ? await import('./engine-builds.js') : null;
  const engineImport = history ? await history.importEngineBuild(cachedBy(outcome), store, { ...req, env: host.env }) : undefined;
  if (engineImport?.kind === 'imported') {
    // The engine's build is now a record: plan again against it (the context is already hashed).
    store = openStore(req.storeDir);
    outcome = planDockerfile({ ...req, ...inputs, platform, store: store.view });
  }
  const cacheCheck = req.engineCache && !req.store ? await (await import('./cache-held.js')).checkBuildCache(cachedBy(outcome), store.runs, host.env) : undefined;
  if (cacheCheck?.kind === 'checked' && cacheCheck.evicted.size) {
    // Layers the engine dropped are rebuilt: plan again with them out of the store's hits.
    outcome = planDockerfile({ ...req, ...inputs, platform, store: store.view, evicted: cacheCheck.evicted });
  }
  const plan = cachedBy(outcome);
  writeSelectionMemo(inputs.selections);
  history?.observePlan(plan, req, host.now());
  if (req.record) recordPlan(plan, req, req.record, host);
  return { outcome, store, bases: inputs.bases, basis: compareBasis(store.runs, plan), ...(engineImport ? { engineImport } : {}), ...(cacheCheck ? { cacheCheck } : {}) };
}
