/**
 * `check --against NAME` (shared records) on a staged Dockerfile that does
 * not plan, said as plain `check` says it: HEAD is the revision a change is
 * judged by, so a Dockerfile that failed the same way there is one note, and
 * a source the staged .dockerignore excludes is LP202 (analyze.ts decides).
 * HEAD is read only on this path: a Dockerfile that plans costs nothing more.
 */
import type { Side } from '../git/side.js';
import { readSide } from '../git/side.js';
import { readRevTree } from '../git/tree.js';
import type { Target } from '../project/discover.js';
import type { Finding } from '../rules/index.js';
import { indexRuns } from '../store/index-runs.js';
import { unplannableFindings, type PlanFailure } from './analyze.js';
import { planSide, type CheckContext } from './check.js';
import { buildOf, factsOf } from './repo-targets.js';

export function unplannableStaged(target: Target, side: Side & { readonly text: string }, failure: PlanFailure, c: CheckContext): Finding[] {
  const s = c.setup;
  const head = readRevTree(s.root, 'HEAD');
  const before = head === null ? null : readSide(s.root, head, target, s.config.builder);
  const beforePlan = before?.text ? planSide(target, before, before.text, c, indexRuns([], () => null)) : null;
  const input = { dockerfile: target.dockerfile, text: side.text, context: factsOf(side, target, s, []), change: null, settings: s.settings, platformArgs: c.platformArgs, build: buildOf(target, s.overrides) };
  return unplannableFindings(input, failure, beforePlan?.kind === 'unplannable' ? beforePlan.failure : null, target.context);
}
