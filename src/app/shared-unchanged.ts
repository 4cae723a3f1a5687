/**
 * A recorded Dockerfile whose inputs the staged tree has not changed since
 * the shared build: answered from that build's record, without reading,
 * hashing or planning its context. The record's `git` note (taken when the
 * build was recorded) gives the commit, the context folder's tree id and
 * the blob ids of the Dockerfile and the ignore files beside it. Where this
 * clone has the commit, `git diff-index --cached` says which paths the
 * index changed since (a few ms); where it does not (a shallow clone), the
 * index's own ids are computed and compared (records-built.ts treeIds).
 * Same ids, same args, same stage and same builder mean the same keys, and
 * every one of them is in the records' cache when the build finished every
 * step: nothing to rebuild. Anything else (an older record without the
 * note, a build that was not clean, one that failed) is planned in full.
 */
import path from 'node:path';
import type { IndexChange } from '../git/index-diff.js';
import type { GitTree } from '../git/types.js';

import type { Target } from '../project/discover.js';
import type { RunRecord } from '../store/types.js';
import { buildOf, type Setup } from './repo-targets.js';

/**
 * The shared build that answers for `target` unplanned, or null. `runs`: the build records of this
 * Dockerfile, oldest first, with absolute paths.
 */
export interface StagedIds {
  readonly index: GitTree;
  /** What the index changed since a commit; null: this clone does not have it. */
  changedSince(commit: string): readonly IndexChange[] | null;
  /** The tree id of a folder of the index ('' = the root). */
  treeId(dir: string): string | undefined;
}

export function unchangedBuild(target: Target, runs: readonly RunRecord[], staged: StagedIds, s: Setup): RunRecord | null {
  const builder = s.config.builder;
  const mine = runs.filter((r) => r.builder === builder);
  const run = mine[mine.length - 1];
  const git = run?.git;
  if (!run || !git?.clean || !git.contextTree) return null;
  // Base images are keyed as the newest --exec build saw them: that must be this build, or there is none.
  const newestExec = mine.filter((r) => r.exec).pop();
  if (newestExec && newestExec !== run) return null;
  if (!finishedEveryStep(run) || !sameBuild(run, target, s)) return null;
  // The files noted are the Dockerfile and the ignore files beside it: the same for the same Dockerfile and builder.
  if (!(target.dockerfile in git.files)) return null;
  const context = target.context === '.' ? '' : target.context;
  const prefix = context === '' ? '' : `${context}/`;
  const changed = staged.changedSince(git.commit);
  if (changed) {
    for (const { path: p } of changed) if (p.startsWith(prefix) || p in git.files) return null;
    return run;
  }
  if (!Object.entries(git.files).every(([p, id]) => (staged.index.get(p)?.oid ?? null) === id)) return null;
  return staged.treeId(context) === git.contextTree ? run : null;
}

/** Every step that keys a layer was built or taken from the cache (a failed build leaves later steps out of it). */
function finishedEveryStep(run: RunRecord): boolean {
  return run.steps.every((st) => st.status === 'skipped' || st.status === 'metadata' || !st.key || st.actual !== null);
}

function sameBuild(run: RunRecord, target: Target, s: Setup): boolean {
  // The same Dockerfile built with another context folder read other files.
  if (run.context !== path.join(s.root, target.context)) return false;
  const { target: stage, args } = buildOf(target, s.overrides);
  if ((run.target ?? null) !== stage) return false;
  const recorded = Object.entries(run.buildArgs);
  return recorded.length === args.size && recorded.every(([k, v]) => args.get(k) === v);
}
