/**
 * LP101: a COPY of more than the dependency manifests comes before the
 * dependency install, so any source or README edit reinstalls everything.
 */
import { isBroadCopy } from './copy-shape.js';
import { classifyRun } from './expense.js';
import { manifestCopyLine } from './manifest-fix.js';
import { eachStage, shown } from './stage-steps.js';
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
      const broad = stage.find(isBroadCopy);
      if (!broad) continue;
      const after = stage.slice(stage.indexOf(broad) + 1);
      for (const step of after) {
        const expense = classifyRun(step);
        if (expense?.kind === 'install') {
          const copyLine = manifestCopyLine(expense.ecosystem, broad, input.context);
          hits.push({
            line: broad.instruction.line,
            message: `${shown(broad)} (line ${broad.instruction.line}) comes before the ${expense.ecosystem.name} install on line ${step.instruction.line}: any file change in the context reinstalls the dependencies`,
            fix: `copy the dependency manifests first and install before ${shown(broad)}:\n${copyLine}\n${shown(step, 200)}\n${shown(broad, 200)}\n(\`layerplan fix\` rewrites it)`,
          });
          break;
        }
        if (expense?.kind === 'system-install') {
          hits.push({
            line: broad.instruction.line,
            message: `${shown(broad)} (line ${broad.instruction.line}) comes before the package install on line ${step.instruction.line}, which needs nothing from the context: any file change reinstalls the packages`,
            fix: `move line ${step.instruction.line} (${shown(step)}) above line ${broad.instruction.line}`,
          });
          break;
        }
      }
    }
    return hits;
  },
};
