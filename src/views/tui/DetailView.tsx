/** A step in full; lines beyond the terminal's height are counted, not wrapped. */
import { Box, Text } from 'ink';
import type { DetailLine } from './detail-lines.js';
import { styleFor } from './palette.js';

export interface DetailViewProps {
  readonly lines: readonly DetailLine[];
  readonly height: number;
  readonly color: boolean;
}

export function DetailView({ lines, height, color }: DetailViewProps) {
  const rows = Math.max(1, height);
  const shown = lines.length > rows ? lines.slice(0, rows - 1) : lines;
  const hidden = lines.length - shown.length;
  return (
    <Box flexDirection="column">
      {shown.map((l, i) => (
        <Text key={i} wrap="truncate-end" {...styleFor(l.tone, color)}>
          {l.text || ' '}
        </Text>
      ))}
      {hidden > 0 ? <Text {...styleFor('dim', color)}>{`… ${hidden} more lines (widen or heighten the terminal, or use --json)`}</Text> : null}
    </Box>
  );
}
