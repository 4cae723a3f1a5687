/**
 * What the cache store keeps: one record per planned run, with every step's
 * key and the inputs behind it, so a later run can tell hits from misses
 * (any earlier run that produced a key makes it a hit, as in BuildKit) and
 * explain each miss by comparing inputs.
 */
import type { KeyValue } from '../graph/index.js';
import type { BaseIdentity, Builder, CacheKey, Fingerprints } from '../key/index.js';

import type { MissReasonKind, StepStatus } from './outcome.js';

export type { MissReasonKind, StepStatus } from './outcome.js';

export interface StepRecord {
  /** Stage name, or its index as a string when unnamed. */
  readonly stage: string;
  /** Position of the step within its stage (0 = FROM). */
  readonly ordinal: number;
  readonly line: number;
  readonly instruction: string;
  readonly key: CacheKey | null;
  readonly parent: CacheKey | null;
  readonly op: string;
  /** The FROM image, for a FROM step of one (absent in records of older versions: see plan/recorded-base.ts). */
  readonly base?: BaseIdentity;
  readonly env: readonly KeyValue[];
  readonly settings: Readonly<Record<string, string>>;
  /** Source and selection digest; the per-file fingerprints are stored once per digest. */
  readonly files: readonly { readonly source: string; readonly digest: string }[];
  readonly status: StepStatus;
  readonly certain: boolean;
  /** For history views: why the step is rebuilt, or why its hit is uncertain (the plan's stepNote), by kind. */
  readonly reason: MissReasonKind | null;
  /**
   * In a real build (`--exec`): what the builder did. null: it did not finish
   * the step (failed, not reached) or did not say (FROM), so the step's key is
   * no hit. Absent in assumed builds and older records: the plan stands.
   */
  readonly actual?: Actual | null;
  /** Seconds the builder took, when its stream said. */
  readonly seconds?: number | null;
  /** The step a real build failed on. */
  readonly failed?: boolean;
}

/** What a real builder did with a step. */
export type Actual = 'cached' | 'rebuilt';

/** How a real build ran (`build --exec`). */
export interface ExecInfo {
  /** `docker buildx build`, `buildah bud --layers`, ... */
  readonly command: string;
  readonly argv: readonly string[];
  /** "docker 28.5.2, buildx 0.29.1"; null when the builder did not say. */
  readonly version: string | null;
  readonly exitStatus: number;
  readonly seconds: number;
  /** Base images as the plan identified them (id null: known by name only). */
  readonly bases: readonly BaseIdentity[];
  /** Steps the builder printed that no step of the plan matched. */
  readonly unmatched: readonly string[];
}

/**
 * Where a record comes from: a real build run by `build --exec`, a real
 * build's log read by `timings`, or a plan the user asked to count as built
 * (`build --assume-built`). Records of older versions have none: they were
 * plans recorded as builds, so they read as `assumed`.
 */
export type RunSource = 'exec' | 'timings' | 'engine' | 'assumed';

export interface RunRecord {
  readonly version: 1;
  readonly id: string;
  /** ISO time the run was planned. */
  readonly time: string;
  /** Absent in records of older versions (read as `assumed`). */
  readonly source?: RunSource;
  readonly dockerfile: string;
  readonly context: string;
  readonly builder: Builder;
  readonly target: string | null;
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly steps: readonly StepRecord[];
  /** builder/node/ref of a build found in the engine's history (`docker buildx history`), for source `engine`. */
  readonly engineRef?: string;
  /** Present on real builds run by `build --exec`. */
  readonly exec?: ExecInfo;
  /** What git had checked out when a real build was recorded (absent outside a repository and in older records). */
  readonly git?: GitBuilt;
}

/**
 * A real build's inputs in git's terms (see git/records-built.ts): enough for
 * a reader of shared records to see that a Dockerfile's inputs are unchanged
 * without hashing the files.
 */
export interface GitBuilt {
  /** HEAD when the build was recorded. */
  readonly commit: string;
  /** Nothing under the context, nor the Dockerfile or an ignore file, differed from HEAD (untracked files count, gitignored ones do not). */
  readonly clean: boolean;
  /** The context folder's tree id at `commit`; null when not clean or not a folder of the repository. */
  readonly contextTree: string | null;
  /** Repository path → blob id at `commit` (null: no such file) of the Dockerfile and the ignore files outside the context; empty when not clean. */
  readonly files: Readonly<Record<string, string | null>>;
}

/** A step's duration in a real build, read from the build's log by `layerplan timings`. */
export interface StepTiming {
  readonly key: CacheKey;
  readonly seconds: number;
  /** ISO time the log was read. */
  readonly time: string;
  /** The builder whose log it was (only BuildKit prints durations). */
  readonly builder: Builder;
  readonly dockerfile: string;
  readonly stage: string;
  readonly ordinal: number;
  /** The instruction as written, to recognise the step when an edit moves it. */
  readonly instruction: string;
}

/** Where a timing was taken: a step's place without the builder (a step takes about as long under either). */
export type TimingPlace = Omit<StepPlace, 'builder'>;

/** Durations recorded from real builds, as the planner reads them. */
export interface StepDurations {
  /** Seconds the step with this exact key took when a real build last ran it. */
  seconds(key: CacheKey): number | null;
  /** The newest timing of the step at this place, whatever its instruction was then. */
  timedAt(place: TimingPlace): StepTiming | null;
  /** The newest timing of a step with this instruction text in this Dockerfile's stage, at any position. */
  timedAs(dockerfile: string, stage: string, instruction: string): StepTiming | null;
}

/** Read access to everything recorded, as the planner needs it. */
export interface StoreView extends StepDurations {
  hasKey(key: CacheKey): boolean;
  /** The newest recorded step that hangs under `parent`: what this step's parent ran last time. */
  latestChild(parent: CacheKey): StepRecord | null;
  /** The newest recorded step at the same place in the same Dockerfile (for the same builder). */
  latestAt(place: StepPlace): StepRecord | null;
  /** Per-file fingerprints recorded for a selection digest. */
  selection(digest: string): Fingerprints | null;
}

export interface StepPlace {
  readonly dockerfile: string;
  readonly builder: Builder;
  readonly stage: string;
  readonly ordinal: number;
}
