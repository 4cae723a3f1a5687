/**
 * After `layerplan pull`: the checks of the records' selections against the
 * commits their builds came from (app/shared-patched.ts), made once from each
 * commit's tree and remembered (git/records-checked.ts), so the first
 * `check --against` after a pull plans a patched Dockerfile without reading
 * its context, as every later one does. A check's answer depends on the
 * commit and the selection alone, so it is the one the index would give:
 * the check path's own edits are put in by name afterwards.
 */
import { createHasher } from '../context/hash.js';
import { readChecked, writeChecked } from '../git/records-checked.js';
import { readSide } from '../git/side.js';
import { readRevTree } from '../git/tree.js';
import type { GitTree } from '../git/types.js';
import { toRepoPath } from '../project/config.js';
import { openSharedStore } from './shared-records.js';
import { newestClean, patchedMemory } from './shared-patched.js';
import type { SourceMatch } from '../context/sources.js';

/** Makes and remembers the checks of refs/layerplan/NAME's newest clean builds; returns how many held. */
export async function rememberChecks(repoRoot: string, gitDir: string, name: string): Promise<number> {
  const shared = await openSharedStore(repoRoot, name, '', gitDir);
  const hash = await createHasher();
  const trees = new Map<string, GitTree | null>();
  const held = new Map<string, readonly SourceMatch[]>();
  for (const run of newestClean(shared.store.runs)) {
    const commit = run.git?.commit ?? '';
    if (!trees.has(commit)) trees.set(commit, readRevTree(repoRoot, commit));
    const tree = trees.get(commit);
    const target = { dockerfile: toRepoPath(run.dockerfile, repoRoot), context: toRepoPath(run.context, repoRoot) };
    // A commit this clone lacks (a shallow clone) is never patched from: nothing to check.
    if (!tree || !tree.has(target.dockerfile)) continue;
    const side = readSide(repoRoot, tree, target, run.builder);
    const memory = patchedMemory({ base: { run, changes: [] }, target, snapshot: side.snapshot, builder: run.builder, digests: new Map(), selection: (d) => shared.store.view.selection(d), hash });
    for (const [key, matches] of memory?.held ?? []) held.set(key, matches);
  }
  writeChecked(gitDir, readChecked(gitDir), held);
  return held.size;
}
