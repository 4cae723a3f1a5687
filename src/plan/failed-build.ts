/**
 * What a build that fails on a missing source still leaves in the cache.
 * buildah commits every step before the failing one. BuildKit runs steps
 * concurrently and cancels on the failed content checksum: steps that read
 * no context files may have finished (recorded: wildcard-no-match-missing-dir),
 * steps that read the context have not (recorded: copy-missing-source).
 */
import type { Builder, StepKey } from '../key/index.js';
import type { Step } from '../graph/index.js';

export function keysLeftByFailedBuild(builder: Builder, steps: readonly (readonly Step[])[], keys: ReadonlyMap<string, StepKey>): Map<string, StepKey> {
  const left = new Map<string, StepKey>();
  for (const stage of steps) {
    for (const step of stage) {
      const key = keys.get(step.id);
      if (!key) break;
      if (builder === 'buildkit' && key.files.length > 0) break;
      left.set(step.id, key);
    }
  }
  return left;
}
