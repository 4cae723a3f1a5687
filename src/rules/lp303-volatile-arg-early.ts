/**
 * LP303: a build argument that changes on every build (a date, a commit
 * sha, a build number) is declared before expensive steps. A declared ARG
 * with a value is part of every later RUN's environment, so each new value
 * rebuilds them all.
 */
import { classifyRun } from './expense.js';
import type { Step } from '../graph/index.js';
import { eachStage, shown } from './stage-steps.js';
import type { Rule, RuleHit, RuleInput } from './types.js';

const VOLATILE = /(^|_)(DATE|TIME|TIMESTAMP|BUILDTIME|BUILD_DATE|SHA|COMMIT|REVISION|REV|VCS_REF|BUILD_NUMBER|BUILD_ID|RUN_ID|PIPELINE_ID|GIT_HASH|HASH)($|_)/i;

export const rule: Rule = {
  id: 'LP303',
  name: 'volatile-arg-early',
  severity: 'warning',
  summary: 'A build argument that changes every build (date, commit sha) is declared before expensive steps',
  bust: false,
  check(input: RuleInput): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const stage of eachStage(input.steps)) {
      stage.forEach((step, i) => {
        if (step.op.kind !== 'arg') return;
        const names = step.op.names.filter((n) => VOLATILE.test(n));
        if (!names.length) return;
        const carriers = carriersOf(names, stage.slice(i + 1));
        const later = stage.slice(i + 1).filter((s) => classifyRun(s) !== null && ![...carriers].some((n) => mentions(s.instruction.text, n)));
        const first = later[0];
        if (!first) return;
        hits.push({
          line: step.instruction.line,
          message: `ARG ${names.join(', ')} changes on every build and is declared before ${shown(first)} (line ${first.instruction.line}), which it rebuilds every time`,
          fix: `move line ${step.instruction.line} (${shown(step)}) below line ${later[later.length - 1]?.instruction.line ?? first.instruction.line}, next to the LABEL or step that uses it`,
        });
      });
    }
    return hits;
  },
};

/**
 * The names that carry the volatile value: the ARGs themselves and every later ARG or ENV whose value
 * is built from one (jnovack/whoami: ARG GO_LDFLAGS="... Revision=${REVISION}", then go build
 * -ldflags "${GO_LDFLAGS}" uses REVISION without naming it).
 */
function carriersOf(names: readonly string[], after: readonly Step[]): Set<string> {
  const carriers = new Set(names);
  for (const s of after) {
    const keyword = s.instruction.keyword;
    if ((keyword !== 'ARG' && keyword !== 'ENV') || ![...carriers].some((n) => mentions(s.instruction.rest, n))) continue;
    for (const name of declaredNames(s.instruction.rest)) carriers.add(name);
  }
  return carriers;
}

/** `A=1 B="x y"` names A and B; the old `ENV NAME value` form names its first word. */
function declaredNames(rest: string): string[] {
  const pairs = [...rest.matchAll(/(?:^|\s)([A-Za-z_]\w*)=/g)].map((m) => m[1] as string);
  return pairs.length ? pairs : [rest.split(/\s+/)[0] ?? ''].filter(Boolean);
}

/** `$NAME` or `${NAME...}` in the instruction. */
export function mentions(text: string, name: string): boolean {
  return new RegExp(`\\$\\{?${name}\\b`).test(text);
}
