/**
 * The recorded runs of a project, for `layerplan history`: a timeline newest
 * first, and what changed from one run to the next (steps that flipped, files
 * the steps read, build args). Pure: the store's records and a selection
 * lookup in, rows out.
 */
import { diffSelections } from './file-changes.js';
import type { Fingerprints } from '../key/index.js';
import { recordedBase } from './recorded-base.js';
import type { FileChanges, MissReasonKind, StepStatus, VarChange } from './index.js';
import type { RunRecord, RunSource, StepRecord } from '../store/types.js';
import { explainBuild } from './explain-build.js';

export type SelectionLookup = (digest: string) => Fingerprints | null;

export interface TimelineRow {
  readonly id: string;
  readonly time: string;
  readonly dockerfile: string;
  readonly target: string | null;
  readonly builder: string;
  /** A real build (exec, engine, timings) or a plan kept as built (assumed). */
  readonly source: RunSource;
  /** A real build's counts are what the builder did; a plan's, what it predicted. */
  readonly counts: Readonly<Record<StepStatus, number>>;
  /** How long a real build took; null when not known (a plan, a log without times). */
  readonly seconds: number | null;
}

export interface StepFlip {
  readonly stage: string;
  readonly line: number;
  readonly instruction: string;
  /** null: the step did not exist in the run before. */
  readonly before: StepStatus | null;
  readonly after: StepStatus;
  readonly reason: MissReasonKind | null;
}

/** A step of the later run whose files changed since the run before: which ones, by name. */
export interface StepFiles {
  readonly stage: string;
  readonly line: number;
  readonly instruction: string;
  readonly status: StepStatus;
  readonly files: FileChanges;
}

export interface RunDiff {
  readonly flips: readonly StepFlip[];
  readonly files: FileChanges;
  /** Per step, the files it reads that changed (a step rebuilt in both runs is no flip, but its files still say why). */
  readonly stepFiles: readonly StepFiles[];
  readonly buildArgs: readonly VarChange[];
}

/** The runs whose build context is `contextDir`, newest first. */
export function projectRuns(runs: readonly RunRecord[], contextDir: string): RunRecord[] {
  return runs.filter((r) => r.context === contextDir).sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0));
}

export function timelineRow(run: RunRecord): TimelineRow {
  const counts: Record<StepStatus, number> = { cached: 0, rebuilt: 0, skipped: 0, metadata: 0 };
  for (const s of run.steps) counts[outcomeOf(s)]++;
  const source = run.source ?? 'assumed';
  return { id: run.id, time: run.time, dockerfile: run.dockerfile, target: run.target, builder: run.builder, source, counts, seconds: run.exec?.seconds ?? null };
}

/** A real build's step: what the builder did (when it said); a plan's: its prediction. */
export function outcomeOf(s: StepRecord): StepStatus {
  return s.actual ?? s.status;
}

export const isRealBuild = (run: RunRecord): boolean => (run.source ?? 'assumed') !== 'assumed';

/**
 * The run that `runs[index]` (newest first) is compared with: for a real build the real build before it, so that
 * `d` diffs two real builds (plans kept in between are skipped); for a plan, or the first real build, the run before.
 */
export function previousRun(runs: readonly RunRecord[], index: number): RunRecord | null {
  const run = runs[index];
  if (!run) return null;
  const older = runs.slice(index + 1);
  return (isRealBuild(run) ? older.find(isRealBuild) : undefined) ?? older[0] ?? null;
}

/** What changed from `before` to `after`: steps matched by stage and position; two real builds by what the builder did, with why it missed. */
export function diffRuns(before: RunRecord, after: RunRecord, selection: SelectionLookup): RunDiff {
  const was = new Map(before.steps.map((s) => [place(s), s]));
  const real = isRealBuild(before) && isRealBuild(after);
  const why = real ? new Map(explainBuild(after, [before], selection).map((e) => [place(e.record), e.reason?.kind ?? null])) : null;
  const flips = after.steps.flatMap((s): StepFlip[] => {
    const old = was.get(place(s));
    const [b, a] = real ? [old ? outcomeOf(old) : null, outcomeOf(s)] : [old?.status ?? null, s.status];
    if (b === a) return [];
    return [{ stage: s.stage, line: s.line, instruction: s.instruction, before: b, after: a, reason: why ? why.get(place(s)) ?? null : s.reason }];
  });
  const stepFiles = after.steps.flatMap((s): StepFiles[] => {
    const old = was.get(place(s));
    const files = old ? diffSelections(stepFilesRead(old, selection), stepFilesRead(s, selection)) : null;
    if (!files || !(files.added.length + files.removed.length + files.modified.length)) return [];
    return [{ stage: s.stage, line: s.line, instruction: s.instruction, status: real ? outcomeOf(s) : s.status, files }];
  });
  return { flips, files: diffSelections(filesRead(before, selection), filesRead(after, selection)), stepFiles, buildArgs: argChanges(before.buildArgs, after.buildArgs) };
}

function stepFilesRead(step: StepRecord, selection: SelectionLookup): Fingerprints {
  const out: Record<string, string> = {};
  for (const f of step.files) Object.assign(out, selection(f.digest) ?? {});
  return out;
}

const place = (s: StepRecord): string => `${s.stage}\0${s.ordinal}`;

/** Every context file the run's steps read, with its fingerprint. */
function filesRead(run: RunRecord, selection: SelectionLookup): Fingerprints {
  const out: Record<string, string> = {};
  for (const step of run.steps) Object.assign(out, stepFilesRead(step, selection));
  return out;
}

function argChanges(before: Readonly<Record<string, string>>, after: Readonly<Record<string, string>>): VarChange[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return names.filter((n) => before[n] !== after[n]).map((name) => ({ name, before: before[name] ?? null, after: after[name] ?? null }));
}

/** The FROM image a recorded step names (the store keeps it normalised). */
export function recordedBaseRef(step: StepRecord): string | null {
  return recordedBase(step)?.ref ?? null;
}
