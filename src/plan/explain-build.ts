/**
 * Why each step of a real build missed the cache: its record is compared
 * with the record of the step it would have matched in the builds before it
 * (the newest step recorded under the same parent, else at the same place),
 * with the same reasons a plan gives, about what happened rather than what
 * will. A step whose key an earlier build already held, and which still ran,
 * found the builder without that layer: its cache was pruned.
 */
import { diffSelections } from './file-changes.js';
import type { Fingerprints } from '../key/index.js';
import { recordedBase } from './recorded-base.js';
import { indexRuns } from '../store/index-runs.js';
import type { RunRecord, StepRecord, StoreView } from '../store/types.js';
import { envChanges } from './miss-reason.js';
import type { MissReason, StepRef } from './types.js';

/** A real build's miss: a plan's reasons, cache-pruned (engine null) when a held key still ran. */
export type BuildMissReason = MissReason;

export interface ExplainedStep {
  readonly record: StepRecord;
  /** null for a step that hit (or that the builder did not finish). */
  readonly reason: BuildMissReason | null;
}

export function explainBuild(build: RunRecord, older: readonly RunRecord[], selection: (digest: string) => Fingerprints | null): ExplainedStep[] {
  const before = older.filter((r) => r.time < build.time);
  const view = indexRuns(before, selection);
  const firstMiss = new Map<string, StepRecord>();
  return build.steps.map((record) => {
    if (record.actual !== 'rebuilt') return { record, reason: null };
    const origin = firstMiss.get(record.stage);
    if (origin) return { record, reason: { kind: 'parent-rebuilt', parent: ref(origin), origin: ref(origin) } };
    firstMiss.set(record.stage, record);
    return { record, reason: whyMissed(record, build, before, view) };
  });
}

function whyMissed(record: StepRecord, build: RunRecord, before: readonly RunRecord[], view: StoreView): BuildMissReason {
  if (record.key && view.hasKey(record.key)) {
    const made = [...before].reverse().find((r) => r.steps.some((s) => s.key === record.key && s.actual !== null));
    return { kind: 'cache-pruned', builtAt: made?.time ?? '', engine: null };
  }
  const was = (record.parent ? view.latestChild(record.parent) : null)
    ?? view.latestAt({ dockerfile: build.dockerfile, builder: build.builder, stage: record.stage, ordinal: record.ordinal });
  if (!was) return { kind: 'first-build' };
  return compareRecords(was, record, view) ?? { kind: 'first-build' };
}

/** The first input that differs between the step as it was and as it ran. */
function compareRecords(was: StepRecord, now: StepRecord, view: StoreView): MissReason | null {
  if (was.op !== now.op) {
    if (now.ordinal === 0 && was.instruction === now.instruction) {
      const [before, after] = [recordedBase(was), recordedBase(now)];
      return { kind: 'base-image-changed', ref: before?.ref ?? now.instruction, before: before?.id ?? 'unknown', after: after?.id ?? 'unknown' };
    }
    return { kind: 'instruction-changed', before: was.instruction !== now.instruction ? was.instruction : was.op, after: was.instruction !== now.instruction ? now.instruction : now.op };
  }
  for (const name of new Set([...Object.keys(was.settings), ...Object.keys(now.settings)])) {
    if (was.settings[name] !== now.settings[name]) return { kind: 'setting-changed', setting: name, before: was.settings[name] ?? null, after: now.settings[name] ?? null };
  }
  const env = envChanges(was.env, now.env);
  if (env) return env;
  for (let i = 0; i < Math.max(was.files.length, now.files.length); i++) {
    const a = was.files[i];
    const b = now.files[i];
    if (a?.digest === b?.digest) continue;
    return { kind: 'files-changed', ...diffSelections((a && view.selection(a.digest)) ?? {}, (b && view.selection(b.digest)) ?? {}) };
  }
  if (was.parent !== now.parent) return { kind: 'instruction-changed', before: `${was.instruction} (on another parent layer)`, after: now.instruction };
  return null;
}

function ref(r: StepRecord): StepRef {
  return { id: `${r.stage}.${r.ordinal}`, line: r.line, instruction: r.instruction };
}
