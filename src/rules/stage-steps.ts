/** Small helpers over evaluated steps shared by several rules. */
import type { Step } from '../graph/index.js';
import type { Instruction } from '../parse/index.js';
import { oneLine } from '../views/reason-text.js';
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
