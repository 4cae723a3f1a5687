/** One step as a row of the layer stack, shared by the build and history views; and the columns a width allows. */
import type { StepStatus } from '../../plan/index.js';
import { truncate } from '../format.js';
import { oneLine } from '../reason-text.js';

export interface StepRowModel {
  readonly status: StepStatus;
  readonly certain: boolean;
  readonly line: number;
  readonly instruction: string;
  /** The short reason, shown beside the step when the terminal is wide enough. */
  readonly note: string;
  /** This step starts a rebuild cascade. */
  readonly origin: boolean;
}

/** cursor (2) + origin mark (2) + glyph and status (11) + line number (4) + gap (2). */
export const FIXED_COLUMNS = 21;
const MIN_INSTRUCTION = 20;
const WIDE_INSTRUCTION = 48;
/** Below this width the note moves out of the row (into the footer for the selected step). */
export const NOTE_MIN_WIDTH = 110;

export interface RowColumns {
  readonly instruction: number;
  /** 0: no note column. */
  readonly note: number;
}

export function rowColumns(width: number): RowColumns {
  const rest = Math.max(MIN_INSTRUCTION, width - FIXED_COLUMNS - 1);
  if (width < NOTE_MIN_WIDTH) return { instruction: rest, note: 0 };
  return { instruction: WIDE_INSTRUCTION, note: rest - WIDE_INSTRUCTION - 2 };
}

export interface RowCells {
  readonly status: string;
  readonly line: string;
  readonly instruction: string;
  readonly note: string;
}

/** The row's text cells, cut to fit: an instruction never wraps, it ends in an ellipsis. */
export function rowCells(row: StepRowModel, cols: RowColumns): RowCells {
  return {
    status: `${row.status}${row.certain ? '' : '?'}`.padEnd(9),
    line: String(row.line).padStart(4),
    instruction: truncate(oneLine(row.instruction), cols.instruction).padEnd(cols.note ? cols.instruction : 0),
    note: cols.note && row.note ? `  ${truncate(row.note, cols.note)}` : '',
  };
}
