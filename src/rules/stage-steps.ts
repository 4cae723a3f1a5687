/** Small helpers over evaluated steps shared by several rules. */
import type { Step } from '../graph/index.js';
import type { Instruction } from '../parse/index.js';
import { oneLine } from '../parse/one-line.js';
export { runText } from './expense.js';

/** The instruction as one short line, for messages. */
export function shownInstruction(ins: Instruction, max = 60): string {
  const text = oneLine(ins.text);
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function shown(step: Step, max = 60): string {
  return shownInstruction(step.instruction, max);
}

/** The stages' step lists that are not empty. */
export function eachStage(steps: readonly (readonly Step[])[]): readonly (readonly Step[])[] {
  return steps.filter((s) => s.length > 0);
}

/** Instructions a package install may be moved above without changing what it does. */
const NEUTRAL = new Set(['ENV', 'ARG', 'LABEL', 'EXPOSE', 'COPY', 'ADD']);

/**
 * Can `step` move above `above` in the same stage? Only when every step
 * between is neutral for it: a USER, WORKDIR, SHELL or RUN between might be
 * what the step relies on.
 */
export function canMoveAbove(stage: readonly Step[], step: Step, above: Step): boolean {
  const from = stage.findIndex((s) => s.id === above.id);
  const to = stage.findIndex((s) => s.id === step.id);
  return from >= 0 && to > from && stage.slice(from + 1, to).every((s) => NEUTRAL.has(s.instruction.keyword));
}
