/** A recorded run as the layer stack: per stage a heading, then its steps, the base image's own layers under FROM. */
import type { FileChanges } from '../../plan/index.js';
import type { StepFiles } from '../../plan/run-history.js';
import type { RunRecord, StepRecord } from '../../store/types.js';
import { outcomeOf, recordedBaseRef } from '../../plan/run-history.js';
import { reasonKindText, reasonLine } from '../reason-text.js';
import { skippedStageNote } from '../text.js';
import { seconds } from '../format.js';
import { baseLayerLines, baseSummary, isLocalBase, type BaseInfoMap } from './base-info.js';
import type { ViewLine } from './build-lines.js';
import type { StepRowModel } from './step-row-model.js';

/**
 * `files`: what changed of the files the step reads since the run before, named in the note. A real build's step
 * shows what the builder did and, rebuilt, how long it took.
 */
export function recordRow(s: StepRecord, files?: FileChanges): StepRowModel {
  const status = outcomeOf(s);
  const took = status === 'rebuilt' && typeof s.seconds === 'number' ? seconds(s.seconds) : '';
  // A plan's reason stands; a real build's only where the builder did rebuild.
  const reason = s.reason && (s.actual === undefined || status === 'rebuilt') ? reasonKindText(s.reason) : '';
  const why = files && status === 'rebuilt' ? reasonLine({ kind: 'files-changed', ...files }) : reason;
  return {
    status,
    certain: s.certain,
    line: s.line,
    instruction: s.instruction,
    note: [took, why].filter(Boolean).join(' · '),
    origin: isOrigin(s),
  };
}

/** A step that starts a rebuild (not one rebuilt only because the step before it was). */
export function isOrigin(s: StepRecord): boolean {
  return outcomeOf(s) === 'rebuilt' && s.reason !== null && s.reason !== 'parent-rebuilt';
}

/** The step a run's view opens on: where its first rebuild starts, else its first rebuilt step, else the top. */
export function firstRebuiltStep(run: RunRecord): number {
  const origin = run.steps.findIndex(isOrigin);
  return origin >= 0 ? origin : Math.max(0, run.steps.findIndex((s) => s.status === 'rebuilt'));
}

/** The files each step's diff names, by the step's index in `run`. */
export function filesByStep(run: RunRecord, stepFiles: readonly StepFiles[]): ReadonlyMap<number, FileChanges> {
  const out = new Map<number, FileChanges>();
  run.steps.forEach((s, i) => {
    const f = stepFiles.find((x) => x.stage === s.stage && x.line === s.line);
    if (f) out.set(i, f.files);
  });
  return out;
}

/** A stage whose steps were all skipped is one folded heading; `rebuiltOnly` keeps the rebuilt steps and their headings. */
export function runLines(run: RunRecord, bases: BaseInfoMap, rebuiltOnly = false, files: ReadonlyMap<number, FileChanges> = new Map()): ViewLine[] {
  const lines: ViewLine[] = [];
  for (const stage of stagesOf(run)) {
    const steps = stage.map((index) => ({ s: run.steps[index]!, index }));
    const name = steps[0]!.s.stage;
    if (steps.every(({ s }) => s.status === 'skipped')) {
      if (!rebuiltOnly) lines.push({ kind: 'heading', text: `stage ${name}`, note: skippedStageNote(steps.map(({ s }) => s.line)) });
      continue;
    }
    const shown = rebuiltOnly ? steps.filter(({ s }) => s.status === 'rebuilt') : steps;
    if (!shown.length) continue;
    lines.push({ kind: 'heading', text: `stage ${name}`, note: '' });
    for (const { s, index } of shown) {
      lines.push({ kind: 'step', step: index, row: recordRow(s, files.get(index)) });
      const ref = recordedBaseRef(s);
      const info = ref ? bases.get(ref) : undefined;
      if (ref && info && !rebuiltOnly) {
        lines.push({ kind: 'note', text: baseSummary(ref, info) });
        if (isLocalBase(info)) lines.push(...baseLayerLines(info).map((text): ViewLine => ({ kind: 'note', text: `  ${text}` })));
      }
    }
  }
  return lines;
}

/** Step indices grouped by stage, in the run's order. */
function stagesOf(run: RunRecord): number[][] {
  const out: number[][] = [];
  run.steps.forEach((s, i) => {
    if (i === 0 || run.steps[i - 1]!.stage !== s.stage) out.push([]);
    out[out.length - 1]!.push(i);
  });
  return out;
}
