/** Every rule, in id order. Explicit on purpose: a rule exists when it is listed here. */
import { rule as lp101 } from './lp101-broad-copy-before-install.js';
import { rule as lp102 } from './lp102-apt-update-alone.js';
import { rule as lp110 } from './lp110-broad-copy-bust.js';
import { rule as lp111 } from './lp111-edit-busts-expensive-step.js';
import { rule as lp201 } from './lp201-no-dockerignore.js';
import { rule as lp202 } from './lp202-copy-source-ignored.js';
import { rule as lp203 } from './lp203-local-file-mode.js';
import { rule as lp301 } from './lp301-unpinned-base-image.js';
import { rule as lp302 } from './lp302-add-url-without-checksum.js';
import { rule as lp303 } from './lp303-volatile-arg-early.js';
import type { Rule } from './types.js';

export const RULES: readonly Rule[] = [lp101, lp102, lp110, lp111, lp201, lp202, lp203, lp301, lp302, lp303];

export type { ContextFacts, Finding, PathSet, PlanChange, Rule, RuleHit, RuleInput, Severity } from './types.js';
export { runRules, type RuleSettings } from './run-rules.js';
export { silencedRules, type Silenced } from './suppress.js';
