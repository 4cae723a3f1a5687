/** The detail of one step, as lines: the full instruction, its cache key, and the miss reason in full. */
import { assertNever } from '../../lang/assert-never.js';
import type { Plan, PlannedStep, StepEstimate } from '../../plan/index.js';
import { formatSeconds } from '../../timings/duration.js';
import { reasonDetail } from '../reason-text.js';
import { baseLayerLines, baseSource, type BaseInfoMap } from './base-info.js';
import type { Tone } from './palette.js';

export interface DetailLine {
  readonly text: string;
  readonly tone: Tone;
}

const line = (text: string, tone: Tone = 'plain'): DetailLine => ({ text, tone });

function estimateLine(e: StepEstimate): string {
  const took = formatSeconds(e.seconds);
  return e.from === 'this-step' ? `duration    ${took} when a real build last ran this step` : `duration    ≈ ${took}: what the earlier version of this step took in a real build`;
}

/** Why the step is rebuilt, or where its hit comes from (and what can still make it miss). */
function fateLines(ps: PlannedStep): DetailLine[] {
  switch (ps.status) {
    case 'rebuilt':
      return [line(''), line('why it is rebuilt', 'title'), ...reasonDetail(ps.reason).map((t) => line(`  ${t}`))];
    case 'cached': {
      const hit = line(''), from = line('an earlier run made this exact key: the builder takes it from its cache', 'cached');
      return ps.uncertain ? [hit, from, line(''), line('why it may still be rebuilt', 'title'), ...reasonDetail(ps.uncertain).map((t) => line(`  ${t}`))] : [hit, from];
    }
    case 'skipped':
    case 'metadata':
      return [];
    default:
      return assertNever(ps);
  }
}

export function detailLines(plan: Plan, index: number, bases: BaseInfoMap): DetailLine[] {
  const ps = plan.steps[index];
  if (!ps) return [];
  const origin = plan.summary.origins.some((o) => o.id === ps.step.id);
  const out: DetailLine[] = [
    line(`line ${ps.step.instruction.line} · stage ${ps.stage} · ${ps.status}${ps.certain ? '' : ' (uncertain: depends on what the build produces)'}${origin ? ' · the rebuild starts here' : ''}`, ps.status),
    line(''),
    ...ps.step.instruction.text.split('\n').map((t) => line(t, 'title')),
    line(''),
    line(`cache key   ${ps.key?.key ?? '(none: this step makes no cache record)'}`, 'dim'),
  ];
  if (ps.key?.parent) out.push(line(`parent key  ${ps.key.parent}`, 'dim'));
  if (ps.estimate) out.push(line(estimateLine(ps.estimate), 'dim'));
  out.push(...fateLines(ps));
  const ref = ps.step.op.kind === 'from' && ps.step.op.base.kind === 'image' ? ps.step.op.base.ref : null;
  const info = ref ? bases.get(ref) : undefined;
  if (ref && info) out.push(line(''), line(`base image ${ref} (${baseSource(info)})`, 'title'), ...baseLayerLines(info).map((t) => line(`  ${t}`)));
  return out;
}
