/**
 * The plain report: one line per step (status, line, instruction, reason),
 * stages as headings, and a summary. Works in a pipe and in CI logs.
 */
import type { Plan, PlannedStep } from '../plan/index.js';
import { costText } from './cost-text.js';
import { type Paint, NO_PAINT } from './paint.js';
import { oneLine, reasonLine } from './reason-text.js';

const STATUS_WIDTH = 8;
const INSTRUCTION_WIDTH = 44;

/** `notes` are shown under the heading (e.g. how each base image was identified). */
export function renderText(plan: Plan, paint: Paint = NO_PAINT, notes: readonly string[] = []): string {
  const out: string[] = [`${paint.bold(plan.dockerfile)} · builder ${plan.builder}${plan.target ? ` · target ${plan.target}` : ''}`];
  out.push(...notes.map((n) => paint.dim(n)));
  for (const ps of plan.stages) {
    const label = ps.stage.name ? `stage ${ps.stage.name}` : `stage ${ps.stage.index}`;
    out.push('', paint.bold(`${label}${ps.skipped ? paint.skipped(' (skipped: not needed for the target)') : ''}`));
    for (const step of plan.steps.filter((s) => s.step.stage === ps.stage.index)) out.push(stepLine(step, paint));
  }
  out.push('', summaryLine(plan, paint));
  if (plan.summary.cost) out.push(costText(plan.summary.cost));
  return `${out.join('\n')}\n`;
}

function stepLine(ps: PlannedStep, paint: Paint): string {
  const ins = ps.step.instruction;
  const status = paint[ps.status](`${ps.status}${ps.certain ? '' : '?'}`.padEnd(STATUS_WIDTH));
  const text = truncate(oneLine(ins.text), INSTRUCTION_WIDTH).padEnd(INSTRUCTION_WIDTH);
  const why = ps.reason ? paint.dim(`  ${reasonLine(ps.reason)}`) : '';
  return `  ${status} ${String(ins.line).padStart(4)}  ${text}${why}`.trimEnd();
}

function summaryLine(plan: Plan, paint: Paint): string {
  const s = plan.summary;
  const parts = [paint.cached(`${s.cached} cached`), paint.rebuilt(`${s.rebuilt} rebuilt`)];
  if (s.skipped) parts.push(paint.skipped(`${s.skipped} skipped`));
  if (s.metadata) parts.push(paint.metadata(`${s.metadata} metadata`));
  if (s.uncertain) parts.push(`${s.uncertain} uncertain (marked ?: depends on build output)`);
  const origins = s.origins.length ? `; rebuild starts at line ${s.origins.map((o) => o.line).join(', ')}` : '';
  return `${parts.join(', ')}${origins}`;
}

export function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
