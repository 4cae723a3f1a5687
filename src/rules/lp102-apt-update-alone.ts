/**
 * LP102: `apt-get update` in its own RUN. That layer is cached on its own, so
 * a later edit of the install list reuses a stale package index (and installs
 * fail once the mirror drops the old versions).
 */
import { eachStage, runText, shown } from './stage-steps.js';
import type { Rule, RuleHit, RuleInput } from './types.js';

const UPDATE = /\bapt(-get)?\s+(-\S+\s+)*update\b/;
const INSTALL = /\bapt(-get)?\s+(-\S+\s+)*install\b/;

export const rule: Rule = {
  id: 'LP102',
  name: 'apt-update-alone',
  severity: 'warning',
  summary: '`apt-get update` runs in a different RUN than the install, so its cached index goes stale',
  bust: false,
  check(input: RuleInput): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const stage of eachStage(input.steps)) {
      for (const step of stage) {
        const text = runText(step);
        if (text === null || !UPDATE.test(text) || INSTALL.test(text)) continue;
        const install = stage.slice(stage.indexOf(step) + 1).find((s) => INSTALL.test(runText(s) ?? ''));
        const where = install ? ` and line ${install.instruction.line}` : '';
        hits.push({
          line: step.instruction.line,
          message: `${shown(step)} is cached as a layer of its own: a later change to the install list reuses a stale package index`,
          fix: `update and install in one RUN (merge line ${step.instruction.line}${where}):\nRUN apt-get update && apt-get install -y --no-install-recommends <packages> && rm -rf /var/lib/apt/lists/*`,
        });
      }
    }
    return hits;
  },
};
