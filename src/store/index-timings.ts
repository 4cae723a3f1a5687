/** Lookups over recorded step durations, and how a new batch joins the old ones (pure). */
import type { CacheKey } from '../key/index.js';
import type { StepDurations, StepTiming, TimingPlace } from './types.js';
import { byCodeUnits } from '../lang/string-order.js';

export const NO_DURATIONS: StepDurations = { seconds: () => null, timedAt: () => null, timedAs: () => null };

const placeOf = (p: TimingPlace): string => `${p.dockerfile}\0${p.stage}\0${p.ordinal}`;
const textOf = (dockerfile: string, stage: string, instruction: string): string => `${dockerfile}\0${stage}\0${instruction}`;

/** `timings` in any order; newer ones win. */
export function indexTimings(timings: readonly StepTiming[]): StepDurations {
  if (!timings.length) return NO_DURATIONS;
  const byKey = new Map<CacheKey, StepTiming>();
  const byPlace = new Map<string, StepTiming>();
  const byText = new Map<string, StepTiming>();
  for (const t of oldestFirst(timings)) {
    byKey.set(t.key, t);
    byPlace.set(placeOf(t), t);
    byText.set(textOf(t.dockerfile, t.stage, t.instruction), t);
  }
  return {
    seconds: (key) => byKey.get(key)?.seconds ?? null,
    timedAt: (place) => byPlace.get(placeOf(place)) ?? null,
    timedAs: (dockerfile, stage, instruction) => byText.get(textOf(dockerfile, stage, instruction)) ?? null,
  };
}

/** One timing per key (the newest), at most `keep` of them, newest kept. */
export function mergeTimings(old: readonly StepTiming[], added: readonly StepTiming[], keep: number): StepTiming[] {
  const byKey = new Map<CacheKey, StepTiming>();
  for (const t of oldestFirst([...old, ...added])) {
    byKey.delete(t.key); // re-inserted last: Map order is then oldest first
    byKey.set(t.key, t);
  }
  const all = [...byKey.values()];
  return all.slice(Math.max(0, all.length - keep));
}

function oldestFirst(timings: readonly StepTiming[]): StepTiming[] {
  return [...timings].sort((a, b) => byCodeUnits(a.time, b.time));
}
