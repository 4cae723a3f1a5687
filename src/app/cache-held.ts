/**
 * Does the engine's build cache still hold what the records say was built?
 * A record says a key was made; the builder forgets layers when it is pruned
 * (`docker builder prune`), garbage-collected or replaced. The engine lists
 * what its cache holds (GET /system/df?type=build-cache, what `docker buildx
 * du` shows): one record per layer, named by the vertex that made it
 * ("[base 3/5] COPY a.txt ./") or, for RUN, by its command ("mount / from
 * exec /bin/sh -c make"). The names carry no key, so a step is taken as held
 * when a record with its name existed by the end of the real build that made
 * its key (a record made later, by another project's step of the same text,
 * is not this layer). A step the records cannot name is taken as held: only
 * what the engine positively lacks is called pruned.
 */
import { buildCacheRecords, engineEndpoint, engineLabel, EngineError, type BuildCacheRecord, type Env } from '../engine/index.js';
import { otherBuildxBuilder } from '../engine/build-history.js';
import type { EvictedKeys, Plan, PlannedStage, PlannedStep } from '../plan/index.js';
import type { RunRecord } from '../store/types.js';
import { printedMatches } from '../timings/map-to-steps.js';
import { parseVertexName } from '../timings/parse-buildkit-log.js';

/** What asking the engine's build cache gave. */
export type CacheCheck =
  | { readonly kind: 'checked'; readonly engine: string; readonly records: number; readonly evicted: EvictedKeys }
  | { readonly kind: 'unavailable'; readonly why: string };

/** A record created this long after a build's recorded end still counts as its own (clocks, slow exports). */
const SLACK_MS = 30_000;

/** One GET to the engine (about 10-25 ms for 200 records on Docker 28.5); no engine: `unavailable`, never an error. */
export async function checkBuildCache(plan: Plan, runs: readonly RunRecord[], env: Env, timeoutMs = 1000): Promise<CacheCheck> {
  const endpoint = engineEndpoint(env);
  if (typeof endpoint === 'string') return { kind: 'unavailable', why: endpoint };
  const other = otherBuildxBuilder(env);
  if (other) return { kind: 'unavailable', why: `the buildx builder "${other}" keeps its own cache, which the engine does not list` };
  try {
    const records = await buildCacheRecords(env, { timeoutMs });
    const engine = engineLabel(endpoint);
    return { kind: 'checked', engine, records: records.length, evicted: evictedKeys(plan, runs, records, engine) };
  } catch (err) {
    if (err instanceof EngineError) return { kind: 'unavailable', why: err.message };
    throw err;
  }
}

/** The plan's cached keys whose layers the engine's cache no longer has, each with the build that made it. */
export function evictedKeys(plan: Plan, runs: readonly RunRecord[], records: readonly BuildCacheRecord[], engine: string): Map<string, { builtAt: string; engine: string }> {
  const layers = records.filter((r) => r.type === 'regular');
  const out = new Map<string, { builtAt: string; engine: string }>();
  for (const ps of plan.steps) {
    const key = ps.key?.key;
    if (!key || ps.status !== 'cached' || !nameable(ps) || out.has(key)) continue;
    const made = madeBy(runs, key);
    if (!made) continue;
    const named = layers.filter((r) => namesStep(r.description, ps, plan.stages));
    const held = named.some((r) => made.assumed || Date.parse(r.createdAt) <= made.endMs + SLACK_MS);
    if (!held) out.set(key, { builtAt: made.time, engine });
  }
  return out;
}

/** Steps BuildKit keeps a layer record for: RUN, COPY, ADD and WORKDIR but `WORKDIR /` (FROM is the image, not the cache). */
function nameable(ps: PlannedStep): boolean {
  const op = ps.step.op;
  return op.kind === 'run' || op.kind === 'copy' || (op.kind === 'workdir' && op.path !== '/');
}

/** The newest run that made or used this key: a real build's end, or a plan kept with --assume-built (no time known). */
function madeBy(runs: readonly RunRecord[], key: string): { time: string; endMs: number; assumed: boolean } | null {
  let best: RunRecord | null = null;
  for (const run of runs) {
    if (!run.steps.some((s) => s.key === key && s.actual !== null)) continue;
    if (!best || run.time > best.time) best = run;
  }
  if (!best) return null;
  const assumed = (best.source ?? 'assumed') === 'assumed';
  return { time: best.time, endMs: Date.parse(best.time) + Math.max(0, best.exec?.seconds ?? 0) * 1000, assumed };
}

/** Is the record the layer of this step? RUN by its command line, the rest by BuildKit's vertex name. */
function namesStep(description: string, ps: PlannedStep, stages: readonly PlannedStage[]): boolean {
  const op = ps.step.op;
  if (op.kind === 'run') return description === `mount / from exec ${op.argv.join(' ')}`;
  const name = parseVertexName(description);
  return !!name && stageLabelIs(name.stage, ps, stages) && printedMatches(ps.step.instruction, name.text);
}

/** BuildKit's stage part: '' in a one-stage file, the name in lower case, `stage-N` for an unnamed stage. */
function stageLabelIs(label: string, ps: PlannedStep, stages: readonly PlannedStage[]): boolean {
  const stage = stages.find((s) => s.stage.index === ps.step.stage)?.stage;
  if (!stage) return false;
  if (label === '') return stages.length === 1;
  return stage.name ? stage.name.toLowerCase() === label.toLowerCase() : label === `stage-${stage.index}`;
}
