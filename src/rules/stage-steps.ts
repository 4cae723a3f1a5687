/** Small helpers over evaluated steps shared by several rules. */
import type { Step } from '../graph/index.js';
import type { Instruction } from '../parse/index.js';
import { oneLine } from '../parse/one-line.js';
import { runText, shellCommands } from './expense.js';
export { runText };

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

/** A command that only refreshes the package index: it reads nothing from the context. */
const INDEX_REFRESH = /^(apt-get|apt|apk)\s+(-\S+\s+)*update(\s+-\S+)*$/;

/** A RUN that only refreshes the package index (`RUN apt-get update -y`), which the install after it needs. */
function refreshesIndexOnly(step: Step): boolean {
  const text = runText(step);
  const commands = text === null ? [] : shellCommands(text);
  return commands.length > 0 && commands.every((c) => INDEX_REFRESH.test(c));
}

/**
 * What moves above `above` in the same stage so that `step` goes there:
 * `step`, with the RUNs between that only refresh the package index it
 * installs from (`RUN apt-get update` apart from the install). Null when
 * another step between (a USER, WORKDIR, SHELL or other RUN) might be what
 * the step relies on.
 */
export function stepsToMoveAbove(stage: readonly Step[], step: Step, above: Step): Step[] | null {
  const from = stage.findIndex((s) => s.id === above.id);
  const to = stage.findIndex((s) => s.id === step.id);
  if (from < 0 || to <= from) return null;
  const between = stage.slice(from + 1, to);
  if (!between.every((s) => NEUTRAL.has(s.instruction.keyword) || refreshesIndexOnly(s))) return null;
  return [...between.filter(refreshesIndexOnly), step];
}

/** "move line 5 (RUN …) above line 3", or "move lines 4 and 5 (RUN …; RUN …) above line 3". */
export function moveAboveText(steps: readonly Step[], above: Step): string {
  const lines = steps.map((s) => s.instruction.line);
  const which = lines.length === 1 ? `line ${lines[0]}` : `lines ${lines.slice(0, -1).join(', ')} and ${lines[lines.length - 1]}`;
  return `move ${which} (${steps.map((s) => shown(s, steps.length > 1 ? 40 : 60)).join('; ')}) above line ${above.instruction.line}`;
}
