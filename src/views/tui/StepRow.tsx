/** One step of the layer stack: cursor, cascade mark, status, line, instruction and (when wide) the reason. */
import { Text } from 'ink';
import { CURSOR_GLYPH, ORIGIN_GLYPH, STATUS_GLYPH, styleFor } from './palette.js';
import { rowCells, type RowColumns, type StepRowModel } from './step-row-model.js';

export interface StepRowProps {
  readonly row: StepRowModel;
  readonly selected: boolean;
  readonly columns: RowColumns;
  readonly color: boolean;
}

export function StepRow({ row, selected, columns, color }: StepRowProps) {
  const cells = rowCells(row, columns);
  return (
    <Text wrap="truncate-end" {...styleFor(selected ? 'selected' : 'plain', color)}>
      {selected ? `${CURSOR_GLYPH} ` : '  '}
      <Text {...styleFor('origin', color)}>{row.origin ? `${ORIGIN_GLYPH} ` : '  '}</Text>
      <Text {...styleFor(row.status, color)}>{`${STATUS_GLYPH[row.status]} ${cells.status}`}</Text>
      {`${cells.line}  ${cells.instruction}`}
      <Text {...styleFor('dim', color)}>{cells.note}</Text>
    </Text>
  );
}
