import { assertNever } from '../lang/assert-never.js';
import type { MissReason, PlannedStep } from './types.js';

/**
 * What to say beside a step: why it is rebuilt, or why its hit is not
 * promised (a remote source the builder re-checks); null for a plain hit and
 * for a step no build runs.
 */
export function stepNote(ps: PlannedStep): MissReason | null {
  switch (ps.status) {
    case 'rebuilt':
      return ps.reason;
    case 'cached':
      return ps.uncertain ?? null;
    case 'skipped':
    case 'metadata':
      return null;
    default:
      return assertNever(ps);
  }
}
