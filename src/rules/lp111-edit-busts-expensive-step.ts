/**
 * LP111: the Dockerfile edit itself invalidates more than it has to: a new
 * or changed RUN, ENV or ARG above an expensive step that does not use it
 * rebuilds that step. Placed after the expensive step, it would not.
 */
import type { Step } from '../graph/index.js';
import type { Instruction } from '../parse/index.js';
import { stepNote, type PlannedStep } from '../plan/index.js';
import { classifyRun } from './expense.js';
import { mentions } from './lp303-volatile-arg-early.js';
import { durationNote, rebuiltExpensive } from './rebuilt.js';
import { shown, shownInstruction } from './stage-steps.js';
import type { Rule, RuleHit, RuleInput } from './types.js';

export const rule: Rule = {
  id: 'LP111',
  name: 'edit-busts-expensive-step',
  severity: 'warning',
  summary: 'Cache bust: a Dockerfile edit above an expensive step rebuilds it though the step does not need the edit',
  bust: true,
  check(input: RuleInput): RuleHit[] {
    if (!input.change) return [];
    const hits: RuleHit[] = [];
    for (const found of rebuiltExpensive(input.change)) {
      const { step, origin } = found;
      const hit = stepNote(origin)?.kind === 'env-changed' ? envBust(step, origin, input, durationNote(found)) : editBust(step, origin, durationNote(found));
      if (hit) hits.push(hit);
    }
    return hits;
  },
};

/** An edited or new RUN above the expensive step. */
function editBust(step: PlannedStep, origin: PlannedStep, note: string): RuleHit | null {
  if (origin === step || stepNote(origin)?.kind !== 'instruction-changed' || origin.step.op.kind !== 'run') return null;
  // In another stage the edited RUN cannot be put below the step it rebuilds.
  if (origin.step.stage !== step.step.stage) return null;
  // An edited install or build makes what later steps use (the restore a `--no-restore` publish needs):
  // moving it below them would break the build, so only plain RUNs are called a bust.
  if (classifyRun(origin.step) !== null) return null;
  const line = step.step.instruction.line;
  return {
    line,
    message: `cache bust: the edit on line ${origin.step.instruction.line} (${shown(origin.step)}) rebuilds ${shown(step.step)} (line ${line}${note})`,
    fix: `if line ${line} does not need it, put ${shown(origin.step)} below line ${line}: new steps go after the expensive ones`,
  };
}

/** A changed ENV/ARG value that the expensive step does not reference. */
function envBust(step: PlannedStep, origin: PlannedStep, input: RuleInput, note: string): RuleHit | null {
  const reason = stepNote(origin);
  if (reason?.kind !== 'env-changed') return null;
  const names = reason.changes.filter((c) => c.before !== c.after).map((c) => c.name);
  if (!names.length || names.some((n) => mentions(step.step.instruction.text, n))) return null;
  const stage = (input.change?.after.steps ?? []).filter((ps) => ps.step.stage === step.step.stage).map((ps) => ps.step);
  const setter = setterOf(stage, step.step, names);
  if (!setter) return null;
  const line = step.step.instruction.line;
  return {
    line,
    message: `cache bust: ${names.join(', ')} changed on line ${setter.line} (${shownInstruction(setter)}), and ${shown(step.step)} (line ${line}${note}) is rebuilt though it does not use ${names.length > 1 ? 'them' : 'it'}`,
    fix: `move line ${setter.line} below line ${line}, next to the steps that use ${names.join(', ')}`,
  };
}

/** The last ENV or ARG above `step` that sets one of the names. */
function setterOf(stage: readonly Step[], step: Step, names: readonly string[]): Instruction | null {
  const above = stage.slice(0, stage.indexOf(step)).reverse();
  return above.find((s) => (s.instruction.keyword === 'ENV' || s.instruction.keyword === 'ARG') && names.some((n) => new RegExp(`(^|\\s)${n}(=|\\s|$)`).test(s.instruction.rest)))?.instruction ?? null;
}
