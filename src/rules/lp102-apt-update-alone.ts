/**
 * LP102: `apt-get update` in its own RUN. That layer is cached on its own, so
 * a later edit of the install list reuses a stale package index (and installs
 * fail once the mirror drops the old versions).
 */
import { eachStage, runText, shown } from './stage-steps.js';
import type { Rule, RuleHit, RuleInput } from './types.js';

const UPDATE = /\bapt(-get)?\s+(-\S+\s+)*update\b/;
const INSTALL = /\bapt(-get)?\s+(-\S+\s+)*install\b/;
/** What reads the index later: an install, or an upgrade (some-natalie's `RUN apt-get dist-upgrade -y` apart). */
const READS_INDEX = /\bapt(-get)?\s+(-\S+\s+)*(install|upgrade|dist-upgrade|full-upgrade)\b/;
/** `rm -rf /var/lib/apt/lists/*` in the same RUN: no index is left in the layer to go stale. */
const LISTS_REMOVED = /\brm\s+[^&;|]*\/var\/lib\/apt\/lists\b/;

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
        if (text === null || !UPDATE.test(text) || INSTALL.test(text) || LISTS_REMOVED.test(text)) continue;
        const install = stage.slice(stage.indexOf(step) + 1).find((s) => READS_INDEX.test(runText(s) ?? ''));
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
