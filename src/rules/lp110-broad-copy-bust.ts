/**
 * LP110: the commit rebuilds an expensive step only because a broad COPY
 * upstream pulled in files the step does not need: a README edit reinstalls
 * the dependencies. Found by comparing the plan of the commit with HEAD's.
 */
import { ignoreLineFor, isBroadCopy, isDocsLike } from './copy-shape.js';
import { basename, matchesName, type Expense } from './expense.js';
import { planInstallMove } from './fix-install-order.js';
import { installFix } from './lp101-broad-copy-before-install.js';
import { changedFiles, durationNote, rebuiltExpensive } from './rebuilt.js';
import { moveAboveText, shown, stepsToMoveAbove } from './stage-steps.js';
import type { Rule, RuleHit, RuleInput } from './types.js';
import type { Step } from '../graph/index.js';
import { assertNever } from '../lang/assert-never.js';

const SHOWN_FILES = 5;

export const rule: Rule = {
  id: 'LP110',
  name: 'broad-copy-bust',
  severity: 'warning',
  summary: 'Cache bust: an expensive step is rebuilt only because a broad COPY pulled in files it does not need',
  bust: true,
  check(input: RuleInput): RuleHit[] {
    if (!input.change) return [];
    const hits: RuleHit[] = [];
    for (const found of rebuiltExpensive(input.change)) {
      const { step, expense, origin } = found;
      const copy = origin.step;
      // Across stages the two steps cannot simply trade places: the claim would hold, the fix would not.
      if (origin === step || !isBroadCopy(copy) || copy.stage !== step.step.stage) continue;
      const files = changedFiles(origin);
      if (!files.length || needed(expense, files)) continue;
      if (expense.kind !== 'install' && !stepsToMoveAbove(stageOf(input, step.step), step.step, copy)) continue;
      const list = files.slice(0, SHOWN_FILES).join(', ') + (files.length > SHOWN_FILES ? ` and ${files.length - SHOWN_FILES} more` : '');
      hits.push({
        line: step.step.instruction.line,
        message: `cache bust: ${shown(step.step)} (line ${step.step.instruction.line}${durationNote(found)}) is rebuilt only because ${shown(copy)} (line ${copy.instruction.line}) pulls in ${list}, which it does not need`,
        fix: fixFor(expense, step.step, copy, files, input),
        files,
      });
    }
    return hits;
  },
};

/**
 * Would the step really read one of these files? Installs read their
 * manifests, system installs nothing from the context. A compile reads
 * sources we cannot name, so it is never called a bust (a well-ordered
 * Dockerfile rebuilds its compile on any source edit, as it should); nor
 * can a step that is only known to be slow.
 */
function needed(expense: Expense, files: readonly string[]): boolean {
  switch (expense.kind) {
    case 'install':
      return files.some((f) => expense.ecosystem.manifests.some((m) => matchesName(m, basename(f))));
    case 'system-install':
      return false;
    case 'compile':
    case 'slow':
      return true;
    default:
      return assertNever(expense);
  }
}

function fixFor(expense: Expense, step: Step, copy: Step, files: readonly string[], input: RuleInput): string {
  const context = input.context;
  const ignore = [...new Set(files.filter(isDocsLike).map(ignoreLineFor))];
  const ignoreFile = context?.ignoreFile ?? '.dockerignore';
  const ignoreHint = ignore.length ? `add to ${ignoreFile}:\n${ignore.join('\n')}` : '';
  const orIgnore = ignoreHint ? `or ${ignoreHint}` : '';
  if (expense.kind === 'install') {
    const move = planInstallMove(stageOf(input, step), context);
    const same = move && move.copy.id === copy.id && move.install.id === step.id;
    return [same ? installFix(move) : `copy only the ${expense.ecosystem.name} manifests the install reads, install, then ${shown(copy)}`, orIgnore].filter(Boolean).join('\n');
  }
  const moved = stepsToMoveAbove(stageOf(input, step), step, copy) ?? [step];
  return [`${moveAboveText(moved, copy)}: it needs nothing from the context`, orIgnore].filter(Boolean).join('\n');
}

function stageOf(input: RuleInput, step: Step): Step[] {
  return input.steps.flat().filter((s) => s.stage === step.stage);
}
