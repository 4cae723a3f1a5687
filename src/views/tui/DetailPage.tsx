/** A whole screen of detail (a step, a layer's files): title with the scroll position, the wrapped lines, key help. */
import { Box } from 'ink';
import type { DetailLine } from './detail-lines.js';
import { detailOverflow, DetailView } from './DetailView.js';
import { KeyHelp, type KeyHelpProps } from './KeyHelp.js';
import { TitleBar } from './TitleBar.js';
import { scrollPosition } from './viewport.js';

export interface DetailPageProps {
  readonly title: string;
  readonly lines: readonly DetailLine[];
  readonly keys: KeyHelpProps['keys'];
  /** Rows for the lines (the screen less title and key help). */
  readonly rows: number;
  readonly scroll: number;
  readonly width: number;
  readonly color: boolean;
}

export function DetailPage({ title, lines, keys, rows, scroll, width, color }: DetailPageProps) {
  const overflow = detailOverflow(lines, width, rows);
  const at = Math.min(scroll, overflow);
  return (
    <Box flexDirection="column" width={width}>
      <TitleBar title={title} position={scrollPosition({ start: at, end: at + rows }, overflow + rows)} width={width} color={color} />
      <DetailView lines={lines} width={width} height={rows} scroll={at} color={color} />
      <KeyHelp keys={keys} color={color} />
    </Box>
  );
}
