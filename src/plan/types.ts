/**
 * The plan: every step of the Dockerfile with what the next build does with
 * it (cached, rebuilt, skipped, metadata) and, for a rebuild, why, as data.
 */
import type { Stage, Step } from '../graph/index.js';
import type { Builder, StepKey } from '../key/index.js';
import type { StepStatus } from '../store/types.js';

export type { StepStatus };

/** A step named for messages: its id and Dockerfile line. */
export interface StepRef {
  readonly id: string;
  readonly line: number;
  readonly instruction: string;
}

export interface VarChange {
  readonly name: string;
  /** null: not set. */
  readonly before: string | null;
  readonly after: string | null;
}

export interface FileChanges {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly modified: readonly string[];
}

export type MissReason =
  /** No earlier run built this step on anything comparable. */
  | { readonly kind: 'first-build' }
  /** An earlier step of the stage is rebuilt, so this one is too; `origin` started the cascade. */
  | { readonly kind: 'parent-rebuilt'; readonly parent: StepRef; readonly origin: StepRef }
  | { readonly kind: 'instruction-changed'; readonly before: string; readonly after: string }
  | { readonly kind: 'setting-changed'; readonly setting: string; readonly before: string | null; readonly after: string | null }
  /**
   * Build args or ENV in the key changed; `changes` lists only values that differ. A pure reorder (BuildKit hashes
   * the order) has no changes and says the order in `order`. `image`: the FROM image the changed arg names.
   */
  | {
      readonly kind: 'env-changed';
      readonly changes: readonly VarChange[];
      readonly order?: { readonly before: readonly string[]; readonly after: readonly string[] };
      readonly image?: { readonly before: string; readonly after: string };
    }
  | ({ readonly kind: 'files-changed' } & FileChanges)
  | { readonly kind: 'base-image-changed'; readonly ref: string; readonly before: string; readonly after: string }
  /** COPY --from / mount of a stage that is rebuilt: a hit only if its output is byte-identical. */
  | { readonly kind: 'stage-output'; readonly stage: string }
  /** ADD of a URL or git repo without --checksum: the builder re-checks the remote. */
  | { readonly kind: 'remote-source'; readonly location: string }
  /** docker build --no-cache (stage null) or --no-cache-filter naming this stage. */
  | { readonly kind: 'no-cache'; readonly stage: string | null };

/** docker build --no-cache (true) or --no-cache-filter's stage names. */
export type NoCache = boolean | readonly string[];

/** What a step is expected to take, from durations recorded in real builds. */
export interface StepEstimate {
  readonly seconds: number;
  /** this-step: a real build ran this very key; earlier-version: what the step that stood here before took. */
  readonly from: 'this-step' | 'earlier-version';
}

export interface PlannedStep {
  readonly step: Step;
  /** Stage name, or its index as a string. */
  readonly stage: string;
  readonly key: StepKey | null;
  readonly status: StepStatus;
  /** false when the builder's answer depends on what a build produces. */
  readonly certain: boolean;
  readonly reason: MissReason | null;
  /** Absent when no real build's duration tells (see `layerplan timings`). */
  readonly estimate?: StepEstimate;
  /** Lines of every step that is this same operation in the build graph, which BuildKit builds once (sorted). */
  readonly builtOnce?: readonly number[];
}

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
