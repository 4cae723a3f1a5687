/** One step of the layer stack: cursor, cascade mark, status, line, instruction and (when wide) the reason; the selected row in inverse video. */
import { Text } from 'ink';
import { CURSOR_GLYPH, ORIGIN_GLYPH, STATUS_GLYPH, statusTone, styleFor } from './palette.js';
import { FIXED_COLUMNS, rowCells, type RowColumns, type StepRowModel } from './step-row-model.js';

export interface StepRowProps {
  readonly row: StepRowModel;
  readonly selected: boolean;
  readonly columns: RowColumns;
  readonly color: boolean;
}

export function StepRow({ row, selected, columns, color }: StepRowProps) {
  const cells = rowCells(row, columns);
  // The inverse bar runs the row's full width, so the selection reads without colour.
  const width = FIXED_COLUMNS + columns.instruction + (columns.note ? columns.note + 2 : 0);
  const fill = selected ? ' '.repeat(Math.max(0, width - FIXED_COLUMNS - cells.instruction.length - cells.note.length)) : '';
  return (
    <Text wrap="truncate-end" {...styleFor(selected ? 'selected' : 'plain', color)}>
      {selected ? `${CURSOR_GLYPH} ` : '  '}
      <Text {...styleFor('origin', color)}>{row.origin ? `${ORIGIN_GLYPH} ` : '  '}</Text>
      <Text {...styleFor(statusTone(row.status, row.certain), color)}>{`${STATUS_GLYPH[row.status]} ${cells.status}`}</Text>
      {`${cells.line}  ${cells.instruction}`}
      <Text {...styleFor('dim', color)}>{cells.note}</Text>
      {fill}
    </Text>
  );
}
