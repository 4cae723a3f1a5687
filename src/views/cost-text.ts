/** The rebuild's cost in words, for the plain report and the TUI. */
import type { RebuildCost } from '../plan/index.js';
import { formatSeconds } from '../timings/duration.js';

/** "rebuild ≈ 1m 24s (from recorded build timings; 2 steps unknown)"; `short` leaves out where it comes from. */
export function costText(cost: RebuildCost, short = false): string {
  const unknown = cost.unknown ? `${cost.unknown} step${cost.unknown === 1 ? '' : 's'} unknown` : '';
  const notes = [short ? '' : 'from recorded build timings', unknown].filter(Boolean);
  return `rebuild ≈ ${formatSeconds(cost.seconds)}${notes.length ? ` (${notes.join('; ')})` : ''}`;
}
