/**
 * Puts BuildKit's vertices on the plan's steps. The vertex's `i/n` cannot be
 * used as a position: BuildKit counts only the instructions that make a
 * vertex (FROM, RUN, COPY, ADD, WORKDIR other than `/`), so ARG, ENV, LABEL
 * and the like are skipped. Steps are matched by text instead, in order
 * within the stage, with variables as wildcards since BuildKit prints RUN
 * with build args and ENV expanded. ONBUILD triggers run in the inheriting
 * stage and match none of its instructions: they are left unmatched.
 */
import type { Instruction } from '../parse/index.js';
import type { Plan, PlannedStage, PlannedStep } from '../plan/index.js';
import type { BuildkitVertex } from './parse-buildkit-log.js';

export interface TimedStep {
  readonly step: PlannedStep;
  /** Position of the step in its stage (0 = FROM), as the store places steps. */
  readonly ordinal: number;
  readonly seconds: number;
}

export interface StepMapping {
  /** Steps the build ran (DONE), with their duration. */
  readonly timed: readonly TimedStep[];
  /** Steps the build took from its cache (nothing to time). */
  readonly cached: number;
  /** Vertices that failed, were cancelled, or had not finished when the log ends. */
  readonly unfinished: number;
  /** Vertices no step of the plan matches (ONBUILD triggers; another Dockerfile, target or build args). */
  readonly unmatched: readonly BuildkitVertex[];
  /** Matched steps without a cache key (a stage the plan skips: another --target). */
  readonly unkeyed: number;
}

export function mapToSteps(plan: Plan, vertices: readonly BuildkitVertex[]): StepMapping {
  const timed: TimedStep[] = [];
  let cached = 0;
  let unfinished = 0;
  let unkeyed = 0;
  const { matched, unmatched } = matchVertices(plan, vertices);
  for (const { vertex: v, step: ps, ordinal } of matched) {
    if (v.outcome?.kind === 'cached') cached++;
    else if (v.outcome?.kind !== 'done') unfinished++;
    else if (!ps.key?.key) unkeyed++;
    else if (v.outcome.seconds !== null) timed.push({ step: ps, ordinal, seconds: v.outcome.seconds });
  }
  return { timed, cached, unfinished, unmatched, unkeyed };
}

export interface MatchedVertex {
  readonly vertex: BuildkitVertex;
  readonly step: PlannedStep;
  /** Position of the step in its stage (0 = FROM). */
  readonly ordinal: number;
}

/** Each vertex on the plan step it stands for (by stage name and text, in order); the rest are unmatched. */
export function matchVertices(plan: Plan, vertices: readonly BuildkitVertex[]): { matched: MatchedVertex[]; unmatched: BuildkitVertex[] } {
  const matched: MatchedVertex[] = [];
  const unmatched: BuildkitVertex[] = [];
  for (const [stage, list] of byStage(plan, vertices, unmatched)) {
    const steps = plan.steps.filter((ps) => ps.step.stage === stage.stage.index);
    let cursor = 1;
    for (const v of [...list].sort((a, b) => a.index - b.index)) {
      const ordinal = v.index === 1 && /^FROM\s/i.test(v.text) ? 0 : steps.findIndex((ps, k) => k >= cursor && printedMatches(ps.step.instruction, v.text));
      const ps = steps[ordinal];
      if (ordinal < 0 || !ps) {
        unmatched.push(v);
        continue;
      }
      cursor = Math.max(cursor, ordinal + 1);
      matched.push({ vertex: v, step: ps, ordinal });
    }
  }
  return { matched, unmatched };
}

/** Vertices grouped by the plan stage their name points at; the rest go to `unmatched`. */
function byStage(plan: Plan, vertices: readonly BuildkitVertex[], unmatched: BuildkitVertex[]): Map<PlannedStage, BuildkitVertex[]> {
  const out = new Map<PlannedStage, BuildkitVertex[]>();
  for (const v of vertices) {
    const stage = stageNamed(plan.stages, v.stage);
    if (!stage) {
      unmatched.push(v);
      continue;
    }
    out.set(stage, [...(out.get(stage) ?? []), v]);
  }
  return out;
}

/** '' in a one-stage file, `stage-N` for an unnamed stage, else the stage name in lower case. */
function stageNamed(stages: readonly PlannedStage[], label: string): PlannedStage | undefined {
  if (label === '') return stages.length === 1 ? stages[0] : undefined;
  const unnamed = /^stage-(\d+)$/.exec(label);
  if (unnamed) return stages.find((s) => s.stage.index === Number(unnamed[1]) && s.stage.name === null);
  return stages.find((s) => s.stage.name?.toLowerCase() === label.toLowerCase());
}

/**
 * Can `printed` be this instruction? Whitespace and the keyword's case are
 * ignored, and `$VAR` / `${VAR...}` match anything (BuildKit expands them).
 */
export function printedMatches(ins: Instruction, printed: string): boolean {
  const squash = (s: string): string => s.replace(/\s+/g, '');
  const written = `${ins.keyword}${ins.original.trim().replace(/^\S+/, '')}`;
  const pattern = squash(written)
    .split(/\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\s\\S]*');
  const shown = printed.trim().replace(/^\S+/, (kw) => kw.toUpperCase());
  return new RegExp(`^${pattern}$`).test(squash(shown));
}
