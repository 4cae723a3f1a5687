import type { Fingerprints } from '../key/index.js';
import type { FileChanges } from './types.js';

/**
 * What changed between two fingerprints (each list sorted). The usual case
 * is two 20,000-path selections that differ in a file or two (a commit edits
 * a README), where listing a record's keys is what costs (~4 ms each: V8
 * sorts a large record's keys into insertion order): `before` is walked
 * once, with one lookup per path in `after`, and `after` is walked only
 * when the counts say it has paths `before` lacks. `afterSize`, the number
 * of paths in `after` when the caller knows it, spares counting them.
 */
export function diffSelections(before: Fingerprints, after: Fingerprints, afterSize?: number): FileChanges {
  const removed: string[] = [];
  const modified: string[] = [];
  let kept = 0;
  for (const path in before) {
    // Own values are strings; a path missing from `after` reads undefined (or an Object.prototype member).
    const now = after[path];
    if (typeof now !== 'string') {
      removed.push(path);
      continue;
    }
    kept++;
    if (now !== before[path]) modified.push(path);
  }
  const added = kept === (afterSize ?? Object.keys(after).length) ? [] : missingFrom(before, after);
  return { added: added.sort(), removed: removed.sort(), modified: modified.sort() };
}

/** The paths of `files` that `other` does not have. */
function missingFrom(other: Fingerprints, files: Fingerprints): string[] {
  const out: string[] = [];
  for (const path in files) if (typeof other[path] !== 'string') out.push(path);
  return out;
}
