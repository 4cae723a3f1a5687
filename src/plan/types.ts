/**
 * The plan: every step of the Dockerfile with what the next build does with
 * it (cached, rebuilt, skipped, metadata) and, for a rebuild, why, as data.
 */
import type { Stage, Step } from '../graph/index.js';
import type { Builder, StepKey, Uncertainty } from '../key/index.js';
import type { MissReason, StepRef } from '../store/outcome.js';

export type { FileChanges, MissReason, MissReasonKind, StepRef, StepStatus, VarChange } from '../store/outcome.js';

/** Keys the store holds that the engine's build cache no longer does, each with the build that made it. */
export type EvictedKeys = ReadonlyMap<string, { readonly builtAt: string; readonly engine: string }>;

/** docker build --no-cache (true) or --no-cache-filter's stage names. */
export type NoCache = boolean | readonly string[];

/** What a step is expected to take, from durations recorded in real builds. */
export interface StepEstimate {
  readonly seconds: number;
  /** this-step: a real build ran this very key; earlier-version: what the step that stood here before took. */
  readonly from: 'this-step' | 'earlier-version';
}

interface StepFields {
  readonly step: Step;
  /** Stage name, or its index as a string. */
  readonly stage: string;
  readonly key: StepKey | null;
  /** false when the builder's answer depends on what a build produces. */
  readonly certain: boolean;
  /** Absent when no real build's duration tells (see `layerplan timings`). */
  readonly estimate?: StepEstimate;
  /** Lines of every step that is this same operation in the build graph, which BuildKit builds once (sorted). */
  readonly builtOnce?: readonly number[];
}

/** A step the next build runs again, and why: only a rebuild has a miss reason. */
export interface RebuiltStep extends StepFields {
  readonly status: 'rebuilt';
  readonly reason: MissReason;
}

/** A hit. `uncertain`: the builder re-checks a remote source, so the hit is not promised (certain is false). */
export interface CachedStep extends StepFields {
  readonly status: 'cached';
  readonly uncertain?: Uncertainty;
}

/** A step of a stage the target does not need, or one that makes no cache record (BuildKit's ENV, LABEL...). */
export interface UnbuiltStep extends StepFields {
  readonly status: 'skipped' | 'metadata';
}

export type PlannedStep = RebuiltStep | CachedStep | UnbuiltStep;

export interface PlannedStage {
  readonly stage: Stage;
  readonly label: string;
  readonly skipped: boolean;
}

export interface PlanSummary {
  readonly cached: number;
  readonly rebuilt: number;
  readonly skipped: number;
  readonly metadata: number;
  readonly uncertain: number;
  /** The steps where a rebuild starts (not cascades). */
  readonly origins: readonly StepRef[];
  /** What the rebuild costs, present when a recorded duration covers any rebuilt step. */
  readonly cost?: RebuildCost;
}

export interface RebuildCost {
  /** Sum of the estimates of the rebuilt steps that have one. */
  readonly seconds: number;
  /** Rebuilt steps with an estimate. */
  readonly known: number;
  /** Rebuilt steps without one (never built while `layerplan timings` read the log). */
  readonly unknown: number;
}

export interface Plan {
  readonly dockerfile: string;
  readonly builder: Builder;
  readonly target: string | null;
  readonly stages: readonly PlannedStage[];
  readonly steps: readonly PlannedStep[];
  readonly summary: PlanSummary;
}
