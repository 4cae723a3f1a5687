/**
 * The plain report: one line per step (status, line, instruction, reason),
 * stages as headings, and a summary. Works in a pipe and in CI logs.
 */
import { stepNote, type Plan, type PlannedStep } from '../plan/index.js';
import { costText } from './cost-text.js';
import { type Paint, NO_PAINT } from './paint.js';
import { oneLine, reasonLine } from './reason-text.js';
import { truncate } from './format.js';

const STATUS_WIDTH = 8;
const INSTRUCTION_WIDTH = 44;

/** What a real build (`--exec`) did with each step, by step id; the shape of timings/actual-outcomes. */
export interface ActualView {
  readonly steps: ReadonlyMap<string, { readonly actual: 'cached' | 'rebuilt' | null; readonly seconds: number | null; readonly failed: boolean }>;
  readonly predicted: number;
  readonly predictedRight: number;
}

/** `notes` are shown under the heading (e.g. how each base image was identified); `actual` adds a predicted → actual column. */
export function renderText(plan: Plan, paint: Paint = NO_PAINT, notes: readonly string[] = [], actual?: ActualView): string {
  const out: string[] = [`${paint.bold(plan.dockerfile)} · builder ${plan.builder}${plan.target ? ` · target ${plan.target}` : ''}`];
  out.push(...notes.map((n) => paint.dim(n)));
  for (const ps of plan.stages) {
    const label = ps.stage.name ? `stage ${ps.stage.name}` : `stage ${ps.stage.index}`;
    const steps = plan.steps.filter((s) => s.step.stage === ps.stage.index);
    // A skipped stage is one line: its steps say nothing the heading does not (docker/buildx: a third of the report).
    if (ps.skipped) out.push('', `${paint.bold(label)} ${paint.skipped(`(${skippedStageNote(steps.map((s) => s.step.instruction.line))})`)}`);
    else out.push('', paint.bold(label), ...steps.map((step) => stepLine(step, paint, actual)));
  }
  out.push('', summaryLine(plan, paint));
  if (actual) out.push(`predicted ${actual.predictedRight} of ${actual.predicted} step${actual.predicted === 1 ? '' : 's'} right`);
  if (plan.summary.cost) out.push(costText(plan.summary.cost));
  return `${out.join('\n')}\n`;
}

function stepLine(ps: PlannedStep, paint: Paint, actual?: ActualView): string {
  const ins = ps.step.instruction;
  const status = paint[ps.status](`${ps.status}${ps.certain ? '' : '?'}`.padEnd(STATUS_WIDTH)) + (actual ? ` ${actualColumn(ps, actual, paint)}` : '');
  const text = truncate(oneLine(ins.text), INSTRUCTION_WIDTH).padEnd(INSTRUCTION_WIDTH);
  const once = ps.builtOnce ? `; built once for lines ${listLines(ps.builtOnce)}` : '';
  const note = stepNote(ps);
  const why = note ? paint.dim(`  ${reasonLine(note)}${once}`) : '';
  return `  ${status} ${String(ins.line).padStart(4)}  ${text}${why}`.trimEnd();
}

/** What a folded skipped stage's heading says: `skipped: not needed for the target; 3 steps, lines 5-7`. Shared by every view. */
export function skippedStageNote(lines: readonly number[]): string {
  const span = lines.length ? `; ${lines.length} step${lines.length === 1 ? '' : 's'}, line${lines.length === 1 ? ` ${lines[0]}` : `s ${Math.min(...lines)}-${Math.max(...lines)}`}` : '';
  return `skipped: not needed for the target${span}`;
}

/** 4, 9 → "4 and 9"; 2, 4, 9 → "2, 4 and 9". */
function listLines(lines: readonly number[]): string {
  return lines.length < 2 ? lines.join('') : `${lines.slice(0, -1).join(', ')} and ${lines[lines.length - 1]}`;
}

/** `→ cached` / `→ rebuilt ✗ 1.2s` (the prediction was wrong) / `→ failed` / blank (nothing known, or not compared). */
function actualColumn(ps: PlannedStep, view: ActualView, paint: Paint): string {
  const a = view.steps.get(ps.step.id);
  const seen = a?.actual ?? (a?.failed ? 'failed' : '');
  const wrong = a?.actual && (ps.status === 'cached' || ps.status === 'rebuilt') && ps.step.op.kind !== 'from' && a.actual !== ps.status;
  const secs = a?.actual === 'rebuilt' && a.seconds !== null ? ` ${a.seconds.toFixed(1)}s` : '';
  const text = (seen ? `→ ${seen}${wrong ? ' ✗' : ''}${secs}` : '').padEnd(STATUS_WIDTH + 10);
  return wrong ? paint.rebuilt(text) : a?.actual ? paint[a.actual](text) : paint.dim(text);
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

