/** A recorded run as the layer stack: per stage a heading, then its steps, the base image's own layers under FROM. */
import type { RunRecord, StepRecord } from '../../store/types.js';
import { recordedBaseRef } from '../../plan/run-history.js';
import { reasonKindText } from '../reason-text.js';
import { baseLayerLines, baseSummary, type BaseInfoMap } from './base-info.js';
import type { ViewLine } from './build-lines.js';
import type { StepRowModel } from './step-row-model.js';

export function recordRow(s: StepRecord): StepRowModel {
  return {
    status: s.status,
    certain: s.certain,
    line: s.line,
    instruction: s.instruction,
    note: s.reason ? reasonKindText(s.reason) : '',
    origin: s.status === 'rebuilt' && s.reason !== null && s.reason !== 'parent-rebuilt',
  };
}

export function runLines(run: RunRecord, bases: BaseInfoMap): ViewLine[] {
  const lines: ViewLine[] = [];
  let stage: string | null = null;
  run.steps.forEach((s, index) => {
    if (s.stage !== stage) lines.push({ kind: 'heading', text: `stage ${s.stage}`, note: s.status === 'skipped' ? 'skipped' : '' });
    stage = s.stage;
    lines.push({ kind: 'step', step: index, row: recordRow(s) });
    const ref = recordedBaseRef(s);
    const info = ref ? bases.get(ref) : undefined;
    if (ref && info) {
      lines.push({ kind: 'note', text: baseSummary(ref, info) });
      if (info.kind === 'local') lines.push(...baseLayerLines(info).map((text): ViewLine => ({ kind: 'note', text: `  ${text}` })));
    }
  });
  return lines;
}
