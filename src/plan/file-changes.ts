import type { Fingerprints } from '../key/index.js';
import type { FileChanges } from './types.js';

/**
 * What changed between two fingerprints (each list sorted). Keys rather than
 * entries, and the second pass only when the counts say something was
 * removed: ~6 ms instead of ~16 ms on two 20,000-file selections.
 */
export function diffSelections(before: Fingerprints, after: Fingerprints): FileChanges {
  const added: string[] = [];
  const removed: string[] = [];
  const modified: string[] = [];
  const afterPaths = Object.keys(after);
  for (const path of afterPaths) {
    if (!Object.hasOwn(before, path)) added.push(path);
    else if (before[path] !== after[path]) modified.push(path);
  }
  const beforePaths = Object.keys(before);
  // Every path of `before` is in `after` exactly when the counts agree.
  if (beforePaths.length !== afterPaths.length - added.length) for (const path of beforePaths) if (!Object.hasOwn(after, path)) removed.push(path);
  return { added: added.sort(), removed: removed.sort(), modified: modified.sort() };
}
