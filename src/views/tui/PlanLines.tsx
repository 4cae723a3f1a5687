/** The visible slice of the layer stack: stage headings, step rows, base-image notes. */
import { Box, Text } from 'ink';
import type { ViewLine } from './build-lines.js';
import { styleFor } from './palette.js';
import { FIXED_COLUMNS, type RowColumns } from './step-row-model.js';
import { StepRow } from './StepRow.js';

export interface PlanLinesProps {
  readonly lines: readonly ViewLine[];
  /** Index of the first line of `lines` in the whole list, for keys. */
  readonly offset: number;
  readonly selectedStep: number;
  readonly columns: RowColumns;
  readonly color: boolean;
}

export function PlanLines({ lines, offset, selectedStep, columns, color }: PlanLinesProps) {
  return (
    <Box flexDirection="column">
      {lines.map((l, i) => {
        const key = offset + i;
        if (l.kind === 'step') return <StepRow key={key} row={l.row} selected={l.step === selectedStep} columns={columns} color={color} />;
        if (l.kind === 'note') return <Text key={key} wrap="truncate-end" {...styleFor('dim', color)}>{`${' '.repeat(FIXED_COLUMNS)}${l.text}`}</Text>;
        return (
          <Text key={key} wrap="truncate-end" {...styleFor('title', color)}>
            {l.text}
            <Text {...styleFor('skipped', color)}>{l.note ? `  (${l.note})` : ''}</Text>
          </Text>
        );
      })}
    </Box>
  );
}
