/** The one line every report carries: what the plan is compared with. */
import type { CompareBasis } from '../plan/index.js';
import { assertNever } from '../lang/assert-never.js';

const VIA = { exec: '', timings: ', read from its log', engine: ', a build found in the engine\'s history' } as const;

export function basisLine(basis: CompareBasis): string {
  switch (basis.kind) {
    case 'real-build':
      return `compared with the real build of ${when(basis.time)} (${count(basis.steps)}${VIA[basis.via]})`;
    case 'assumed':
      return basis.plans > 1
        ? `assuming your plans up to the one of ${when(basis.time)} were built (${basis.plans} plans; --assume-built), not a real build`
        : `assuming your plan of ${when(basis.time)} was built (${count(basis.steps)}; --assume-built), not a real build`;
    case 'none':
      return basis.cachedElsewhere
        ? `no real build of this Dockerfile known: ${count(basis.cachedElsewhere)} cached from builds of other Dockerfiles, the rest first builds`
        : 'no real build of this Dockerfile known: every step is a first build (run with --exec to build and record it)';
    default:
      return assertNever(basis);
  }
}

/** "2026-12-01 10:42 UTC": records keep ISO times in UTC; no clock or time zone is read here. */
export function when(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

/** "5 min ago", "3 h ago", "2 days ago": how stale a pulled copy is, at a glance. */
export function age(iso: string, now: Date): string {
  const seconds = Math.max(0, (now.getTime() - Date.parse(iso)) / 1000);
  if (!Number.isFinite(seconds)) return 'age unknown';
  if (seconds < 90) return 'just now';
  if (seconds < 5400) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 129_600) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86_400)} days ago`;
}

function count(steps: number): string {
  return `${steps} step${steps === 1 ? '' : 's'}`;
}

/** The line `--against NAME` adds: whose records, how many, and how old this clone's copy is (`now` from the edge). */
export function sharedLine(shared: { readonly name: string; readonly builds: number; readonly pulledAt: string | null; readonly newest: string | null }, now: Date): string {
  // Records fetched with plain git (a CI job's `git fetch`) or made here carry no pull time: the newest build's is the next best age.
  const newest = shared.newest ? `; newest build ${when(shared.newest)} (${age(shared.newest, now)})` : '';
  const pulled = shared.pulledAt ? `pulled ${when(shared.pulledAt)} (${age(shared.pulledAt, now)})` : `not pulled with layerplan pull here${newest}`;
  return `against the shared records "${shared.name}": ${shared.builds} real build${shared.builds === 1 ? '' : 's'}, ${pulled}; run layerplan pull to refresh`;
}

/** What the engine's build history added, as data from app/engine-builds (null: nothing worth a line). */
export type EngineHistoryNote =
  | { readonly kind: 'imported'; readonly startedAt: string; readonly held: number; readonly inferred: number; readonly unknown: number }
  | { readonly kind: 'skipped'; readonly why: string };

export function engineHistoryLine(note: EngineHistoryNote): string {
  switch (note.kind) {
    case 'imported': {
      const inferred = note.inferred ? `; ${count(note.inferred)} read files changed since it started: what it read is taken from your plan made before it (not certain)` : '';
      const unknown = note.unknown ? `; ${count(note.unknown)} read files changed since it started and no plan before it saw them: not counted as held` : '';
      const partial = inferred + unknown;
      return `learnt the engine's build of ${when(note.startedAt)} (run outside layerplan): ${count(note.held)} held in its cache${partial}`;
    }
    case 'skipped':
      return `the engine's build history was not used: ${note.why}`;
    default:
      return assertNever(note);
  }
}

/** Which engine a report's facts came from, and what was read from it (nothing read: no line). */
export interface EngineUse {
  /** The address, and the Docker context when one chose it (engine/endpoint engineLabel). */
  readonly engine: string;
  readonly bases: boolean;
  /** Records in its build cache, and how many layers called cached it no longer holds; null: not asked. */
  readonly cache: { readonly records: number; readonly pruned: number } | null;
  /** A build was read from its build history (docker buildx history inspect/logs) for this plan. */
  readonly history: boolean;
}

export function engineLines(use: EngineUse): string[] {
  const read = [use.bases ? 'base images' : '', use.cache ? `build cache (${use.cache.records} record${use.cache.records === 1 ? '' : 's'})` : '', use.history ? 'build history' : ''].filter(Boolean);
  if (!read.length) return [];
  const pruned = use.cache?.pruned ?? 0;
  const gone = pruned ? [`the engine's build cache no longer holds ${pruned} step${pruned === 1 ? "'s layer" : "s' layers"} that recorded builds made (pruned or collected since): rebuilt, reason cache-pruned`] : [];
  return [`engine ${use.engine}: read ${read.join(', ')}`, ...gone];
}
