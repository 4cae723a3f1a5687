/** A step (or a layer) in full: long lines wrap at the terminal's width, and a detail taller than the screen scrolls. */
import { Box, Text } from 'ink';
import type { DetailLine } from './detail-lines.js';
import { styleFor } from './palette.js';
import { wrapLine } from './wrap.js';

export interface DetailViewProps {
  readonly lines: readonly DetailLine[];
  readonly width: number;
  readonly height: number;
  /** First wrapped line shown (clamped to what the lines allow). */
  readonly scroll: number;
  readonly color: boolean;
}

/** The lines as the screen shows them. */
export function wrapDetail(lines: readonly DetailLine[], width: number): DetailLine[] {
  return lines.flatMap((l) => wrapLine(l.text, width).map((text) => ({ text, tone: l.tone })));
}

/** How far a detail can scroll: wrapped lines that do not fit in `height` rows. */
export function detailOverflow(lines: readonly DetailLine[], width: number, height: number): number {
  return Math.max(0, wrapDetail(lines, width).length - Math.max(1, height));
}

export function DetailView({ lines, width, height, scroll, color }: DetailViewProps) {
  const wrapped = wrapDetail(lines, width);
  const rows = Math.max(1, height);
  const start = Math.max(0, Math.min(scroll, wrapped.length - rows));
  return (
    <Box flexDirection="column">
      {wrapped.slice(start, start + rows).map((l, i) => (
        <Text key={start + i} wrap="truncate-end" {...styleFor(l.tone, color)}>
          {l.text || ' '}
        </Text>
      ))}
    </Box>
  );
}
