/** Builds the planner's lookups from recorded runs (pure; the fs store and tests share it). */
import type { CacheKey, Fingerprints } from '../key/index.js';
import { NO_DURATIONS } from './index-timings.js';
import type { RunRecord, StepDurations, StepPlace, StepRecord, StoreView } from './types.js';
import { byCodeUnits } from '../lang/string-order.js';

export function placeId(p: StepPlace): string {
  return `${p.builder}\0${p.dockerfile}\0${p.stage}\0${p.ordinal}`;
}

/** `runs` in any order; newer runs win. `selection` loads fingerprints on demand; `durations` come from real builds. */
export function indexRuns(runs: readonly RunRecord[], selection: (digest: string) => Fingerprints | null, durations: StepDurations = NO_DURATIONS): StoreView {
  const keys = new Set<CacheKey>();
  const children = new Map<CacheKey, StepRecord>();
  const places = new Map<string, StepRecord>();
  const oldestFirst = [...runs].sort((a, b) => byCodeUnits(a.time, b.time));
  for (const run of oldestFirst) {
    for (const step of run.steps) {
      // A real build that did not finish a step (actual null) does not hold its key.
      if (step.status === 'skipped' || step.status === 'metadata' || !step.key || step.actual === null) continue;
      keys.add(step.key);
      if (step.parent) children.set(step.parent, step);
      places.set(placeId({ dockerfile: run.dockerfile, builder: run.builder, stage: step.stage, ordinal: step.ordinal }), step);
    }
  }
  return {
    ...durations,
    hasKey: (key) => keys.has(key),
    latestChild: (parent) => children.get(parent) ?? null,
    latestAt: (place) => places.get(placeId(place)) ?? null,
    selection,
  };
}
