/**
 * The pure part of planning: a prepared Dockerfile, its context, the hash
 * and the store's view in; the plan, or what a build failing on a missing
 * source still leaves cached, out. No I/O: `check` runs it on trees in memory.
 */
import type { ContextSnapshot } from '../context/index.js';
import type { BaseImageIds, Builder, BuilderModel, HashFn, StepKey } from '../key/index.js';
import { deriveKeys } from '../key/index.js';
import { keysLeftByFailedBuild, makePlan, type EvictedKeys, type NoCache, type Plan } from '../plan/index.js';
import type { StoreView } from '../store/types.js';
import type { SelectionMemo } from '../context/selection-memo.js';
import { contextView, type ViewMemory } from './context-view.js';
import { memoView } from './memo-view.js';
import type { SourceMissing } from './errors.js';
import type { PreparedDockerfile } from './prepare.js';

export interface PlanInputs {
  readonly dockerfile: string;
  readonly builder: Builder;
  readonly target: string | null;
  readonly prepared: PreparedDockerfile;
  readonly context: ContextSnapshot;
  /** The folders given as --build-context, by lower-case name. */
  readonly namedSnapshots?: ReadonlyMap<string, ContextSnapshot>;
  readonly hash: HashFn;
  readonly store: StoreView;
  readonly baseIds: BaseImageIds;
  /** The builder version whose rules apply (default: the family's current one). */
  readonly model?: BuilderModel;
  /** The build's target platform (--platform), normalised; default: the FROM keys carry no platform. */
  readonly platform?: string;
  /** The build's network mode (--network). */
  readonly network?: string;
  readonly noCache?: NoCache;
  /** Recorded keys the engine's build cache no longer holds (app/cache-held). */
  readonly evicted?: EvictedKeys;
  /** Selections to keep for, or take from, the plan of a snapshot patched from this one (check's two sides). */
  readonly viewMemory?: ViewMemory;
  /** Selection digests remembered for this very snapshot and Dockerfile, and where new ones go (build's re-plan). */
  readonly selections?: SelectionMemo;
}

export type PlanOutcome =
  | { readonly kind: 'planned'; readonly plan: Plan }
  /** The build would fail on `missing`; `partial` is what the builder still caches before failing. */
  | { readonly kind: 'source-missing'; readonly missing: SourceMissing; readonly partial: Plan };

export function planDockerfile(inputs: PlanInputs): PlanOutcome {
  const { graph, steps } = inputs.prepared;
  const view = contextView(inputs.context, inputs.builder, inputs.namedSnapshots, inputs.viewMemory);
  const context = inputs.selections ? memoView(view, inputs.selections, inputs.builder, inputs.hash) : view;
  const keys = deriveKeys(graph, steps, {
    builder: inputs.builder, hash: inputs.hash, context, baseIds: inputs.baseIds,
    ...(inputs.model ? { model: inputs.model } : {}), ...(inputs.platform ? { platform: inputs.platform } : {}), network: inputs.network ?? 'default',
  });
  const noCache = inputs.noCache ?? false;
  const plan = (k: ReadonlyMap<string, StepKey>): Plan => makePlan({ dockerfile: inputs.dockerfile, builder: inputs.builder, target: inputs.target, graph, steps, keys: k, store: inputs.store, noCache, ...(inputs.evicted ? { evicted: inputs.evicted } : {}) });
  if (keys.ok) return { kind: 'planned', plan: plan(keys.keys) };
  return { kind: 'source-missing', missing: { source: keys.source, step: keys.step }, partial: plan(keysLeftByFailedBuild(inputs.builder, steps, keys.keys)) };
}

/** The plan a build produces up to its end or its failure: what its cache holds afterwards. */
export function cachedBy(outcome: PlanOutcome): Plan {
  return outcome.kind === 'planned' ? outcome.plan : outcome.partial;
}
