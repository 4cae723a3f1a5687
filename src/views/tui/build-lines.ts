/** The build view's lines: per stage a heading, its steps (base image first), and what is known of the base's layers. */
import { stepNote, type Plan, type PlannedStep } from '../../plan/index.js';
import { reasonLine } from '../reason-text.js';
import { skippedStageNote } from '../text.js';
import { baseSummary, type BaseInfoMap } from './base-info.js';
import type { ListNav } from './list-nav.js';
import type { StepRowModel } from './step-row-model.js';

export type ViewLine =
  | { readonly kind: 'heading'; readonly text: string; readonly note: string }
  | { readonly kind: 'step'; readonly step: number; readonly row: StepRowModel }
  | { readonly kind: 'note'; readonly text: string };

function noteText(ps: PlannedStep): string {
  const note = stepNote(ps);
  return note ? reasonLine(note) : '';
}

export function planRow(plan: Plan, ps: PlannedStep): StepRowModel {
  return {
    status: ps.status,
    certain: ps.certain,
    line: ps.step.instruction.line,
    instruction: ps.step.instruction.text,
    note: noteText(ps),
    origin: plan.summary.origins.some((o) => o.id === ps.step.id),
  };
}

/**
 * A skipped stage is one folded heading (its steps are not listed, so the
 * cursor never lands on them); with `rebuiltOnly`, only rebuilt steps and
 * the headings of their stages.
 */
export function buildLines(plan: Plan, bases: BaseInfoMap, rebuiltOnly = false): ViewLine[] {
  const lines: ViewLine[] = [];
  for (const st of plan.stages) {
    const steps = plan.steps.flatMap((ps, index) => (ps.step.stage === st.stage.index ? [{ ps, index }] : []));
    if (st.skipped) {
      if (!rebuiltOnly) lines.push({ kind: 'heading', text: `stage ${st.label}`, note: skippedStageNote(steps.map(({ ps }) => ps.step.instruction.line)) });
      continue;
    }
    const shown = rebuiltOnly ? steps.filter(({ ps }) => ps.status === 'rebuilt') : steps;
    if (!shown.length) continue;
    lines.push({ kind: 'heading', text: `stage ${st.label}`, note: '' });
    for (const { ps, index } of shown) {
      lines.push({ kind: 'step', step: index, row: planRow(plan, ps) });
      const base = ps.step.op.kind === 'from' && ps.step.op.base.kind === 'image' ? ps.step.op.base.ref : null;
      const info = base ? bases.get(base) : undefined;
      if (base && info && !rebuiltOnly) lines.push({ kind: 'note', text: baseSummary(base, info) });
    }
  }
  return lines;
}

/** Index of the line that shows step `step` (0 when it is not shown). */
export function lineOfStep(lines: readonly ViewLine[], step: number): number {
  return Math.max(0, lines.findIndex((l) => l.kind === 'step' && l.step === step));
}

/** The cursor's rows for these lines: the steps they show; `marked` the rebuilt ones among `isRebuilt`. */
export function navOf(lines: readonly ViewLine[], page: number): ListNav {
  const steps = lines.flatMap((l) => (l.kind === 'step' ? [l] : []));
  return { rows: steps.map((l) => l.step), marked: new Set(steps.filter((l) => l.row.status === 'rebuilt').map((l) => l.step)), page };
}
