/** Runs the pure core over literal inputs: a Dockerfile string, context fingerprints and recorded runs. */
import { planDockerfile } from '../../src/app/plan.js';
import { platformArgs } from '../../src/app/platform.js';
import { prepare, type PreparedDockerfile } from '../../src/app/prepare.js';
import type { ContextSnapshot } from '../../src/context/index.js';
import { deriveKeys, type Builder, type ContextView, type Fingerprints } from '../../src/key/index.js';
import { makePlan, toRunRecord, type Plan } from '../../src/plan/index.js';
import type { StoreView } from '../../src/store/types.js';
import { indexRuns } from '../../src/store/index-runs.js';
import type { RunRecord } from '../../src/store/types.js';
import { createHash } from 'node:crypto';

export const hash = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 16);

/** The platform ARGs of an amd64 machine, so that tests do not depend on the one they run on. */
export const PLATFORM_ARGS = platformArgs('x64');

/** `prepare` for a Dockerfile a test knows to be valid. */
export function prepared(dockerfile: string, opts: { buildArgs?: ReadonlyMap<string, string>; target?: string | null } = {}): PreparedDockerfile {
  const p = prepare(dockerfile, { buildArgs: opts.buildArgs ?? new Map(), target: opts.target ?? null, platformArgs: PLATFORM_ARGS });
  if (!p.ok) throw new Error(p.problem.message);
  return p.dockerfile;
}

/** The plan of `dockerfile` (at /ctx/Dockerfile, buildkit) over a context snapshot, as `check` makes it in memory. */
export function planSnapshot(dockerfile: string, context: ContextSnapshot, store: StoreView): Plan {
  const outcome = planDockerfile({ dockerfile: '/ctx/Dockerfile', builder: 'buildkit', target: null, prepared: prepared(dockerfile), context, hash, store, baseIds: new Map() });
  if (outcome.kind !== 'planned') throw new Error(`not found: ${outcome.missing.source}`);
  return outcome.plan;
}

/** A context of `path → content`; directories are implied; a source selects a file or everything below a dir. */
export function fakeContext(files: Record<string, string>): ContextView {
  return {
    select(source) {
      const clean = source.replace(/^\.?\/+/, '').replace(/\/+$/, '') || '.';
      const picked: Record<string, string> = {};
      for (const [p, c] of Object.entries(files)) {
        if (clean === '.' || p === clean || p.startsWith(`${clean}/`)) picked[p] = `file:644:${hash(c)}`;
      }
      return Object.keys(picked).length ? { kind: 'ok', files: picked as Fingerprints } : { kind: 'not-found', path: clean };
    },
  };
}

/** Selections recorded by earlier plans, as the fs store keeps them. */
const selectionsSeen = new Map<string, Fingerprints>();

export interface Scenario {
  builder?: Builder;
  target?: string | null;
  buildArgs?: Record<string, string>;
}

/** Plans `dockerfile` against `runs` (a store made of earlier plans) and returns the plan and its record. */
export function planOnce(dockerfile: string, files: Record<string, string>, runs: RunRecord[], s: Scenario = {}): { plan: Plan; run: RunRecord } {
  const { graph, steps } = prepared(dockerfile, { buildArgs: new Map(Object.entries(s.buildArgs ?? {})), target: s.target ?? null });
  const builder = s.builder ?? 'buildkit';
  const keys = deriveKeys(graph, steps, { builder, hash, context: fakeContext(files), baseIds: new Map() });
  if (!keys.ok) throw new Error(`not found: ${keys.source}`);
  const store = indexRuns(runs, (d) => selectionsSeen.get(d) ?? null);
  const plan = makePlan({ dockerfile: '/ctx/Dockerfile', builder, target: s.target ?? null, graph, steps, keys: keys.keys, store });
  const time = new Date(Date.UTC(2026, 0, 1) + runs.length * 1000).toISOString();
  const rec = toRunRecord(plan, { id: String(runs.length), time, context: '/ctx', buildArgs: {} });
  for (const [d, f] of rec.selections) selectionsSeen.set(d, f);
  return { plan, run: rec.run };
}


/** Plans each build in turn, each against the runs before it; returns `line → status` per build. */
export function sequence(builds: { dockerfile: string; files: Record<string, string>; s?: Scenario }[]): { plans: Plan[]; statuses: Record<number, string>[] } {
  const runs: RunRecord[] = [];
  const plans: Plan[] = [];
  for (const b of builds) {
    const { plan, run } = planOnce(b.dockerfile, b.files, runs, b.s);
    runs.push(run);
    plans.push(plan);
  }
  return { plans, statuses: plans.map((p) => Object.fromEntries(p.steps.map((s) => [s.step.instruction.line, s.status]))) };
}
