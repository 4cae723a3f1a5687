/**
 * What a real build did with each step of the plan, read from the builder's
 * own progress stream, and how many steps the plan got right. BuildKit's
 * vertices are matched by stage name and text (its `i/n` skips instructions
 * without a vertex); buildah's steps by stage and position (it reports every
 * instruction). BuildKit merges identical steps of two stages into one vertex
 * named after one of them: a keyed step with no vertex of its own takes the
 * outcome of the vertex of a step with the same key. FROM is not compared:
 * resolving a base is not a cache decision.
 */
import type { Plan, PlannedStep } from '../plan/index.js';
import type { BuildahStep } from './parse-buildah-log.js';
import type { BuildkitVertex, VertexOutcome } from './parse-buildkit-log.js';
import { matchVertices } from './map-to-steps.js';

export type BuilderProgress =
  | { readonly kind: 'buildkit'; readonly vertices: readonly BuildkitVertex[] }
  | { readonly kind: 'buildah'; readonly steps: readonly BuildahStep[] };

export type Actual = 'cached' | 'rebuilt';

export interface StepActual {
  /** null: the builder did not finish the step (not reached, failed, cancelled) or it is not compared (FROM). */
  readonly actual: Actual | null;
  readonly seconds: number | null;
  /** The step the build failed on. */
  readonly failed: boolean;
  /** Begun and not finished: running (during the build) or cut off. */
  readonly running: boolean;
}

export interface ActualOutcomes {
  /** By step id; steps the stream says nothing of are absent. */
  readonly steps: ReadonlyMap<string, StepActual>;
  /** What the builder printed that no step of the plan matches ("[stage 2/5] RUN …"). */
  readonly unmatched: readonly string[];
  /** Steps both predicted (cached or rebuilt) and seen finished by the builder. */
  readonly predicted: number;
  readonly predictedRight: number;
}

export function actualOutcomes(plan: Plan, progress: BuilderProgress): ActualOutcomes {
  const { found, unmatched } = progress.kind === 'buildkit' ? fromBuildkit(plan, progress.vertices) : fromBuildah(plan, progress.steps);
  const steps = withMergedTwins(plan, found);
  let predicted = 0;
  let predictedRight = 0;
  for (const ps of plan.steps) {
    const actual = steps.get(ps.step.id)?.actual;
    if (!actual || !compared(ps)) continue;
    predicted++;
    if (actual === ps.status) predictedRight++;
  }
  return { steps, unmatched, predicted, predictedRight };
}

/** Is the prediction of this step compared with what happened? Keyed cached/rebuilt steps other than FROM. */
export function compared(ps: PlannedStep): boolean {
  return (ps.status === 'cached' || ps.status === 'rebuilt') && ps.step.op.kind !== 'from' && !!ps.key?.key;
}

function fromBuildkit(plan: Plan, vertices: readonly BuildkitVertex[]): { found: Map<string, StepActual>; unmatched: string[] } {
  const { matched, unmatched } = matchVertices(plan, vertices);
  const found = new Map<string, StepActual>();
  for (const { vertex, step } of matched) found.set(step.step.id, toActual(vertex.outcome, vertex.started ?? false, step));
  return { found, unmatched: unmatched.map((v) => `[${v.stage ? `${v.stage} ` : ''}${v.index}/${v.total}] ${v.text}`) };
}

function fromBuildah(plan: Plan, steps: readonly BuildahStep[]): { found: Map<string, StepActual>; unmatched: string[] } {
  const found = new Map<string, StepActual>();
  const unmatched: string[] = [];
  for (const s of steps) {
    const ps = plan.steps.filter((p) => p.step.stage === s.stage)[s.index - 1];
    const keyword = (/^\S+/.exec(s.text)?.[0] ?? '').toUpperCase();
    if (!ps || ps.step.instruction.keyword.toUpperCase() !== keyword) {
      unmatched.push(`[${s.stage + 1}] STEP ${s.index}/${s.total}: ${s.text}`);
      continue;
    }
    found.set(ps.step.id, toActual(s.outcome, true, ps));
  }
  return { found, unmatched };
}

function toActual(outcome: VertexOutcome | null, started: boolean, ps: PlannedStep): StepActual {
  const from = ps.step.op.kind === 'from';
  if (outcome?.kind === 'cached') return { actual: from ? null : 'cached', seconds: 0, failed: false, running: false };
  if (outcome?.kind === 'done') return { actual: from ? null : 'rebuilt', seconds: outcome.seconds, failed: false, running: false };
  if (outcome?.kind === 'error') return { actual: null, seconds: null, failed: true, running: false };
  return { actual: null, seconds: null, failed: false, running: started && outcome === null };
}

/** Keyed steps without their own vertex take the outcome of a step with the same key (one merged vertex). */
function withMergedTwins(plan: Plan, found: Map<string, StepActual>): Map<string, StepActual> {
  const byKey = new Map<string, StepActual>();
  for (const ps of plan.steps) {
    const a = found.get(ps.step.id);
    if (a?.actual && ps.key?.key && !byKey.has(ps.key.key)) byKey.set(ps.key.key, a);
  }
  const out = new Map(found);
  for (const ps of plan.steps) {
    const twin = ps.key?.key ? byKey.get(ps.key.key) : undefined;
    if (!out.has(ps.step.id) && twin && compared(ps)) out.set(ps.step.id, twin);
  }
  return out;
}
