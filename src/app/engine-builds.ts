/**
 * Builds the engine made that layerplan did not run (`docker build` in a
 * terminal, compose, an IDE) taken as real builds. buildx notes locally where
 * each build ran from, so finding the newest build of this context and
 * Dockerfile costs no engine call; only a build not seen before is read
 * (`docker buildx history inspect` and `logs`, through the Docker CLI), and
 * recorded once, as a build whose `#N CACHED` lines say what hit.
 *
 * A real build carries no file digests. The plan's keys stand for what the
 * build read only where its files are as they were when the build started:
 * a step reading a file changed since (mtime or ctime later than the start)
 * may have read other bytes, so it is not recorded as held. Such steps are
 * taken from the plan made before the build (`inferred`, marked uncertain),
 * or, without one, not recorded as held (`unknown`); the report says which.
 */
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { latestBuildOf, localBuildRefs, readEngineBuild, HistoryError, type EngineBuild, type LocalBuildRef, type RunDocker } from '../engine/build-history.js';
import type { Env } from '../engine/endpoint.js';
import { toBuildRecord, toRunRecord, type Plan, type PlannedStep } from '../plan/index.js';
import { readObservation, recordBuildLog, recordObservation, recordRun, type OpenStore, type RunRecord, type StepRecord } from '../store/index.js';
import { actualOutcomes } from '../timings/actual-outcomes.js';
import { parseBuildkitLog } from '../timings/parse-buildkit-log.js';

export type EngineImport =
  | { readonly kind: 'imported'; readonly ref: string; readonly startedAt: string; readonly held: number; readonly inferred: number; readonly unknown: number }
  | { readonly kind: 'known' }
  | { readonly kind: 'none' }
  | { readonly kind: 'skipped'; readonly ref: string; readonly why: string };

export interface EngineImportRequest {
  readonly contextDir: string;
  readonly dockerfile: string;
  readonly target: string | null;
  readonly buildArgs: ReadonlyMap<string, string>;
  readonly storeDir: string;
  readonly env: Env;
  readonly run?: RunDocker;
}

/** Records the newest engine build of this context and Dockerfile when it is new to the store. */
export async function importEngineBuild(plan: Plan, store: OpenStore, req: EngineImportRequest): Promise<EngineImport> {
  const latest = latestBuildOf(localBuildRefs(req.env), req.contextDir, req.dockerfile);
  if (!latest) return { kind: 'none' };
  if (alreadyKnown(store, latest)) return { kind: 'known' };
  let build: EngineBuild;
  let log: string;
  try {
    ({ build, log } = await readEngineBuild(latest.ref, req.env, req.run));
  } catch (err) {
    if (err instanceof HistoryError) return { kind: 'skipped', ref: latest.ref, why: err.message };
    throw err;
  }
  const why = mismatch(build, req);
  if (why) return { kind: 'skipped', ref: latest.ref, why };
  const outcomes = actualOutcomes(plan, { kind: 'buildkit', vertices: parseBuildkitLog(log).vertices });
  const startedMs = Date.parse(build.startedAt);
  const changed = changedSince(plan, req.contextDir, startedMs);
  const observed = readObservation(req.storeDir, plan.dockerfile, plan.builder);
  const before = observed && Date.parse(observed.time) < startedMs ? observed : null;
  const built = toBuildRecord(plan, outcomes.steps, { id: idOf(latest), time: build.startedAt, context: req.contextDir, buildArgs: Object.fromEntries(req.buildArgs) }, {
    command: 'docker build (found in the engine\'s build history)', argv: [], version: null,
    exitStatus: build.status === 'completed' ? 0 : 1, seconds: build.completedAt ? (Date.parse(build.completedAt) - startedMs) / 1000 : 0,
    bases: build.materials.map((m) => ({ ref: m.uri, id: m.digest })), unmatched: outcomes.unmatched,
  });
  const steps = built.run.steps.map((s, i) => (changed.has(plan.steps[i]?.step.id ?? '') ? asObserved(s, before) : s));
  const file = recordRun(req.storeDir, { ...built.run, steps, source: 'engine', engineRef: latest.ref }, built.selections);
  recordBuildLog(req.storeDir, file, log);
  const held = steps.filter((s) => s.key && s.actual).length;
  const uncertain = steps.filter((s) => !s.certain);
  return { kind: 'imported', ref: latest.ref, startedAt: build.startedAt, held, inferred: uncertain.filter((s) => s.actual).length, unknown: uncertain.filter((s) => !s.actual).length };
}

/**
 * A step whose files changed after the build started: the plan made before
 * the build saw what it most likely read (its keys and file digests); the
 * step is kept with those, marked uncertain, as the build did it. Without
 * such a plan, or if the step stood elsewhere then, it is not held.
 */
function asObserved(step: StepRecord, before: RunRecord | null): StepRecord {
  const then = before?.steps.find((o) => o.stage === step.stage && o.ordinal === step.ordinal && o.instruction === step.instruction);
  if (!then || !step.actual) return { ...step, actual: null, certain: false };
  return { ...then, status: step.status, actual: step.actual, seconds: step.seconds ?? null, certain: false };
}

/** Keeps what this plan saw, so that an engine build that starts after it can be told what it read. */
export function observePlan(plan: Plan, req: { readonly storeDir: string; readonly contextDir: string; readonly buildArgs: ReadonlyMap<string, string> }, now: Date): void {
  const { run, selections } = toRunRecord(plan, { id: 'observed', time: now.toISOString(), source: 'assumed', context: req.contextDir, buildArgs: Object.fromEntries(req.buildArgs) });
  recordObservation(req.storeDir, run, selections);
}

function idOf(ref: LocalBuildRef): string {
  return `engine-${ref.ref.split('/').pop() ?? ref.ref}`;
}

/** Imported before, or the build layerplan itself ran with --exec (buildx notes those too). */
function alreadyKnown(store: OpenStore, ref: LocalBuildRef): boolean {
  return store.runs.some((r) => {
    if (r.id === idOf(ref)) return true;
    if (r.source !== 'exec') return false;
    const start = Date.parse(r.time);
    return ref.writtenMs >= start - 2_000 && ref.writtenMs <= start + ((r.exec?.seconds ?? 0) + 60) * 1000;
  });
}

/** A build with other args or another target read other keys: comparing would be a guess. */
function mismatch(build: EngineBuild, req: EngineImportRequest): string | null {
  if (build.status === 'running') return `the engine's build ${build.ref} has not finished`;
  if ((build.target ?? null) !== (req.target ?? null)) return `the engine's last build used --target ${build.target ?? '(the last stage)'}, this plan ${req.target ?? 'the last stage'}`;
  const theirs = [...build.buildArgs].filter(([k]) => !k.startsWith('BUILDKIT_')).sort().map(([k, v]) => `${k}=${v}`).join(' ');
  const ours = [...req.buildArgs].sort().map(([k, v]) => `${k}=${v}`).join(' ');
  return theirs === ours ? null : `the engine's last build used build args "${theirs || 'none'}", this plan "${ours || 'none'}"`;
}

/** Steps that read a context file changed after `sinceMs`, the rest of their stage, and steps reading such a stage (--from). */
function changedSince(plan: Plan, contextDir: string, sinceMs: number): Set<string> {
  const out = new Set<string>();
  const dirty = new Set<number>();
  for (const ps of plan.steps) {
    const stage = ps.step.stage;
    if (dirty.has(stage) || (ps.key?.readsStages ?? []).some((s) => dirty.has(s)) || readsChanged(ps, contextDir, sinceMs)) {
      dirty.add(stage);
      out.add(ps.step.id);
    }
  }
  return out;
}

function readsChanged(ps: PlannedStep, contextDir: string, sinceMs: number): boolean {
  for (const sel of ps.key?.files ?? []) {
    for (const rel of Object.keys(sel.files)) {
      try {
        const st = lstatSync(join(contextDir, rel));
        if (Math.max(st.mtimeMs, st.ctimeMs) > sinceMs) return true;
      } catch {
        return true;
      }
    }
  }
  return false;
}
