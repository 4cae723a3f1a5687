/** The build view's lines: per stage a heading, its steps (base image first), and what is known of the base's layers. */
import { stepNote, type Plan, type PlannedStep } from '../../plan/index.js';
import { reasonLine } from '../reason-text.js';
import { baseSummary, type BaseInfoMap } from './base-info.js';
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

export function buildLines(plan: Plan, bases: BaseInfoMap): ViewLine[] {
  const lines: ViewLine[] = [];
  for (const st of plan.stages) {
    lines.push({ kind: 'heading', text: `stage ${st.label}`, note: st.skipped ? 'skipped: not needed for the target' : '' });
    plan.steps.forEach((ps, index) => {
      if (ps.step.stage !== st.stage.index) return;
      lines.push({ kind: 'step', step: index, row: planRow(plan, ps) });
      const base = ps.step.op.kind === 'from' && ps.step.op.base.kind === 'image' ? ps.step.op.base.ref : null;
      const info = base ? bases.get(base) : undefined;
      if (base && info) lines.push({ kind: 'note', text: baseSummary(base, info) });
    });
  }
  return lines;
}

/** Index of the line that shows step `step`. */
export function lineOfStep(lines: readonly ViewLine[], step: number): number {
  return Math.max(0, lines.findIndex((l) => l.kind === 'step' && l.step === step));
}
