/** The runs, newest first, the shown one marked; a window of them when there are many. */
import { Box, Text } from 'ink';
import { timelineText } from '../history-text.js';
import type { TimelineRow } from '../../plan/run-history.js';
import { CURSOR_GLYPH, styleFor } from './palette.js';

export interface TimelineProps {
  readonly rows: readonly TimelineRow[];
  /** Index of `rows[0]` among all runs. */
  readonly offset: number;
  readonly selected: number;
  readonly contextDir: string;
  readonly color: boolean;
}

export function Timeline({ rows, offset, selected, contextDir, color }: TimelineProps) {
  return (
    <Box flexDirection="column">
      {rows.map((row, i) => {
        const on = offset + i === selected;
        return (
          <Text key={row.id} wrap="truncate-end" {...styleFor(on ? 'selected' : 'dim', color)}>
            {`${on ? CURSOR_GLYPH : ' '} ${timelineText(row, contextDir)}`}
          </Text>
        );
      })}
    </Box>
  );
}
