/**
 * Rules and their findings, as data. A rule is pure: everything it reads
 * (the parsed Dockerfile, its steps, facts about its context, and for the
 * cache-bust rules the two plans of a change) is gathered at the edge and
 * passed in.
 */
import type { IgnoreRules } from '../ignore/dockerignore.js';
import type { ContextSnapshot } from '../context/types.js';
import type { StageGraph, Step } from '../graph/index.js';
import type { ParsedDockerfile } from '../parse/index.js';
import type { Plan } from '../plan/index.js';

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** `LP101`... */
  readonly ruleId: string;
  readonly severity: Severity;
  /** One line: what is wrong, for this Dockerfile. */
  readonly message: string;
  /** What to do, concretely; may span lines (a snippet to paste). */
  readonly fix: string;
  /** The Dockerfile, as the user names it (repo-relative in `check`). */
  readonly dockerfile: string;
  /** 1-based line of the instruction the finding is about. */
  readonly line: number;
  /** A cache bust found by comparing two plans (`--fail-on bust` counts these). */
  readonly bust: boolean;
  /** Context files the finding is about (changed files for a bust). */
  readonly files: readonly string[];
}

/** What a rule returns; the runner adds the rule id, severity and Dockerfile. */
export interface RuleHit {
  readonly line: number;
  readonly message: string;
  readonly fix: string;
  readonly files?: readonly string[];
}

/** The build context as far as rules care. Every path is relative to the context folder. */
export interface ContextFacts {
  /** What the builder receives (after .dockerignore). */
  readonly snapshot: ContextSnapshot;
  /** The ignore file that applies, or null. */
  readonly ignoreFile: string | null;
  readonly ignore: IgnoreRules | null;
  /**
   * Every file the repository (or the folder) has there, before .dockerignore.
   * A set, or a view of the git index itself: only LP202 and `fix` read it, so
   * a check does not copy 20,000 names for it.
   */
  readonly present: PathSet;
  /** Names at the top of the context folder on disk, ignored or not (`.git`, `node_modules`...). */
  readonly topNames: readonly string[];
  /** Permission bits of files in the working tree, for those the edge looked at. */
  readonly localModes: ReadonlyMap<string, number>;
}

/** Paths that can be asked for and listed: a `Set`, a `Map`'s keys, or a view of one. */
export interface PathSet {
  has(path: string): boolean;
  keys(): Iterable<string>;
}

/** A commit's effect: the plan before (null: the Dockerfile is new) and after, planned against the "before" run. */
export interface PlanChange {
  readonly before: Plan | null;
  readonly after: Plan;
}

export interface RuleInput {
  readonly dockerfile: string;
  readonly parsed: ParsedDockerfile;
  readonly graph: StageGraph;
  readonly steps: readonly (readonly Step[])[];
  readonly context: ContextFacts | null;
  readonly change: PlanChange | null;
}

export interface Rule {
  readonly id: string;
  /** kebab-case, stable: used in docs anchors and SARIF. */
  readonly name: string;
  readonly severity: Severity;
  readonly summary: string;
  /** A cache-bust rule: needs a PlanChange and reports busts. */
  readonly bust: boolean;
  check(input: RuleInput): RuleHit[];
}
