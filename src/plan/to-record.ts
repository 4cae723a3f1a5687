/** A plan as the store keeps it: one run record plus the file selections it references. */
import type { Fingerprints } from '../key/index.js';
import type { Actual, ExecInfo, RunRecord, RunSource, StepRecord } from '../store/types.js';
import type { Plan } from './types.js';
import { stepNote } from './step-note.js';
import { stepOrdinals } from './ordinals.js';

export interface RunMeta {
  readonly id: string;
  readonly time: string;
  /** Absent: an assumed build (tests and the pre-commit check plan against a plan they take as built). */
  readonly source?: RunSource;
  readonly context: string;
  readonly buildArgs: Readonly<Record<string, string>>;
}

export function toRunRecord(plan: Plan, meta: RunMeta): { run: RunRecord; selections: Map<string, Fingerprints> } {
  const selections = new Map<string, Fingerprints>();
  const ordinals = stepOrdinals(plan.steps);
  const steps = plan.steps.map((ps, i): StepRecord => {
    const ordinal = ordinals[i] ?? 0;
    for (const f of ps.key?.files ?? []) selections.set(f.digest, f.files);
    return {
      stage: ps.stage,
      ordinal,
      line: ps.step.instruction.line,
      instruction: ps.step.instruction.text,
      key: ps.key?.key ?? null,
      parent: ps.key?.parent ?? null,
      op: ps.key?.op ?? '',
      ...(ps.key?.base ? { base: ps.key.base } : {}),
      env: ps.key?.env ?? [],
      settings: ps.key?.settings ?? {},
      files: (ps.key?.files ?? []).map((f) => ({ source: f.source, digest: f.digest })),
      status: ps.status,
      certain: ps.certain,
      reason: stepNote(ps)?.kind ?? null,
    };
  });
  const run: RunRecord = { version: 1, ...meta, dockerfile: plan.dockerfile, builder: plan.builder, target: plan.target, steps };
  return { run, selections };
}

/** What a real build did with a step, by step id (see timings/actual-outcomes). */
export type ActualSteps = ReadonlyMap<string, { readonly actual: Actual | null; readonly seconds: number | null; readonly failed?: boolean }>;

/**
 * A real build as the store keeps it: the plan's keys with what the builder
 * did. A FROM counts as held when its stage's steps show the builder got that
 * far; any other step only when the builder finished it.
 */
export function toBuildRecord(plan: Plan, actual: ActualSteps, meta: Omit<RunMeta, 'source'>, exec: ExecInfo): { run: RunRecord; selections: Map<string, Fingerprints> } {
  const { run, selections } = toRunRecord(plan, { ...meta, source: 'exec' });
  const reached = new Set(plan.steps.filter((ps) => actual.get(ps.step.id)?.actual).map((ps) => ps.stage));
  const steps = run.steps.map((s, i): StepRecord => {
    const ps = plan.steps[i];
    const a = ps ? actual.get(ps.step.id) : undefined;
    if (ps?.step.op.kind === 'from') return { ...s, actual: reached.has(s.stage) ? 'cached' : null, seconds: null };
    return { ...s, actual: a?.actual ?? null, seconds: a?.seconds ?? null, ...(a?.failed ? { failed: true } : {}) };
  });
  return { run: { ...run, steps, exec }, selections };
}
