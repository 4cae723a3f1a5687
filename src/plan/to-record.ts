/** A plan as the store keeps it: one run record plus the file selections it references. */
import type { Fingerprints } from '../key/index.js';
import type { RunRecord, RunSource, StepRecord } from '../store/types.js';
import type { Plan } from './types.js';

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
  const positions = new Map<string, number>();
  const steps = plan.steps.map((ps): StepRecord => {
    const ordinal = positions.get(ps.stage) ?? 0;
    positions.set(ps.stage, ordinal + 1);
    for (const f of ps.key?.files ?? []) selections.set(f.digest, f.files);
    return {
      stage: ps.stage,
      ordinal,
      line: ps.step.instruction.line,
      instruction: ps.step.instruction.text,
      key: ps.key?.key ?? null,
      parent: ps.key?.parent ?? null,
      op: ps.key?.op ?? '',
      env: ps.key?.env ?? [],
      settings: ps.key?.settings ?? {},
      files: (ps.key?.files ?? []).map((f) => ({ source: f.source, digest: f.digest })),
      status: ps.status,
      certain: ps.certain,
      reason: ps.reason?.kind ?? null,
    };
  });
  const run: RunRecord = { version: 1, ...meta, dockerfile: plan.dockerfile, builder: plan.builder, target: plan.target, steps };
  return { run, selections };
}
