/**
 * LP101: a COPY of more than the dependency manifests comes before the
 * dependency install, so any source or README edit reinstalls everything.
 */
import { isBroadCopy } from './copy-shape.js';
import { classifyRun } from './expense.js';
import { moveSnippet, planInstallMove, type InstallMove } from './fix-install-order.js';
import { eachStage, moveAboveText, shown, stepsToMoveAbove } from './stage-steps.js';
import type { Step } from '../graph/index.js';
import type { Rule, RuleHit, RuleInput } from './types.js';

export const rule: Rule = {
  id: 'LP101',
  name: 'broad-copy-before-install',
  severity: 'warning',
  summary: 'A COPY of the sources comes before the dependency install, so any file edit reinstalls the dependencies',
  bust: false,
  check(input: RuleInput): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const stage of eachStage(input.steps)) {
      const move = planInstallMove(stage, input.context);
      const hit = move ? installHit(move) : systemInstallHit(stage);
      if (hit) hits.push(hit);
    }
    return hits;
  },
};

function installHit(move: InstallMove): RuleHit {
  const { copy, install, ecosystem } = move;
  return {
    line: copy.instruction.line,
    message: `${shown(copy)} (line ${copy.instruction.line}) comes before the ${ecosystem.name} install on line ${install.instruction.line}: any file change in the context reinstalls the dependencies`,
    fix: installFix(move),
  };
}

/** The fix LP101 and LP110 give for an install after a broad COPY: `fix`'s own rewrite, or why it is left to the user. */
export function installFix(move: InstallMove): string {
  if (move.kind === 'move') return `copy the dependency manifests first and install before ${shown(move.copy)}:\n${moveSnippet(move)}\n(\`layerplan fix\` rewrites it)`;
  return `copy only the ${move.ecosystem.name} manifests the install reads, install, then ${shown(move.copy)}; not rewritten automatically: ${move.why}`;
}

/**
 * A package install after the broad COPY that can move above it with only ENV/ARG/LABEL/EXPOSE/COPY (and
 * a lone `RUN apt-get update`, which moves along) between. Past a USER, WORKDIR or another RUN the install
 * may depend on what they did: no simple move to suggest.
 */
function systemInstallHit(stage: readonly Step[]): RuleHit | null {
  const broad = stage.find(isBroadCopy);
  if (!broad) return null;
  const install = stage.slice(stage.indexOf(broad) + 1).find((s) => classifyRun(s)?.kind === 'system-install');
  const moved = install ? stepsToMoveAbove(stage, install, broad) : null;
  if (!install || !moved) return null;
  return {
    line: broad.instruction.line,
    message: `${shown(broad)} (line ${broad.instruction.line}) comes before the package install on line ${install.instruction.line}, which needs nothing from the context: any file change reinstalls the packages`,
    fix: moveAboveText(moved, broad),
  };
}
