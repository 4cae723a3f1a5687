/**
 * The image view of `layerplan inspect SOURCE` in a terminal: the layers
 * bottom (base) to top with size, `created_by` and, with `-f`, the Dockerfile
 * line; Enter opens a layer's files as a tree (added, changed, deleted; the
 * bytes later layers waste marked). The keys are the build view's, read by
 * the same reducer: `n` goes to the next layer that wastes space, `r` lists
 * only those.
 */
import { useEffect, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import type { ImageReport } from '../../image/report.js';
import { bytes, truncate } from '../format.js';
import { DetailPage } from './DetailPage.js';
import { detailOverflow } from './DetailView.js';
import { imageLines, imageNav, imageTitle, layerDetail, lineOfLayer, type ImageLine } from './image-lines.js';
import { KeyHelp } from './KeyHelp.js';
import { toTuiKeys } from './keys.js';
import { CURSOR_GLYPH, styleFor } from './palette.js';
import { TitleBar } from './TitleBar.js';
import { initialTui, reduceTui, type TuiScreen } from './tui-state.js';
import { scrollPosition, visibleWindow } from './viewport.js';

export interface ImageAppProps {
  readonly report: ImageReport;
  readonly width: number;
  readonly height: number;
  readonly color: boolean;
  readonly onExit: () => void;
}

const listKeys = (filter: boolean) => [['↑↓/jk', 'move'], ['PgUp/PgDn', 'page'], ['n', 'next wasteful'], ['r', filter ? 'all layers' : 'wasteful only'], ['⏎', 'files'], ['q', 'quit']] as const;
const DETAIL_KEYS = [['↑↓/jk', 'previous/next layer'], ['PgUp/PgDn', 'scroll'], ['←/esc', 'back'], ['q', 'quit']] as const;
/** Title, column heading, the selected layer's line, key help. */
const CHROME_ROWS = 4;

export function ImageApp({ report, width, height, color, onExit }: ImageAppProps) {
  const listRows = Math.max(1, height - CHROME_ROWS);
  const detailRows = Math.max(1, height - 2);
  const screen: TuiScreen = {
    nav: (filter) => imageNav(imageLines(report, filter), Math.max(1, listRows - 1), report),
    detailOverflow: (layer) => detailOverflow(layerDetail(report, layer), width, detailRows),
  };
  // Open on the top layer: the one the image's own Dockerfile made last.
  const [state, setState] = useState(() => initialTui(screen.nav(false), report.layers.length - 1));
  useInput((input, key) => {
    for (const k of toTuiKeys(input, key)) setState((s) => reduceTui(s, k, screen));
  });
  useEffect(() => {
    if (state.done) onExit();
  }, [state.done, onExit]);
  const title = imageTitle(report);
  if (state.view === 'detail') return <DetailPage title={title} lines={layerDetail(report, state.cursor)} keys={DETAIL_KEYS} rows={detailRows} scroll={state.scroll} width={width} color={color} />;
  const lines = imageLines(report, state.filter);
  const win = visibleWindow(lines.length, lineOfLayer(lines, state.cursor), listRows);
  const cols = layerColumns(width, lines);
  const selected = lines.find((l): l is Extract<ImageLine, { kind: 'layer' }> => l.kind === 'layer' && l.layer === state.cursor);
  return (
    <Box flexDirection="column" width={width}>
      <TitleBar title={`${state.filter ? 'layers that waste space · ' : ''}${title}`} position={scrollPosition(win, lines.length)} width={width} color={color} />
      <Text wrap="truncate-end" {...styleFor('dim', color)}>{`       #       SIZE  ${'WASTED'.padEnd(cols.wasted)}  CREATED BY, bottom (base) to top`}</Text>
      <Box flexDirection="column">
        {lines.slice(win.start, win.end).map((l, i) => (
          <LayerRow key={win.start + i} line={l} selected={l.kind === 'layer' && l.layer === state.cursor} cols={cols} width={width} color={color} />
        ))}
      </Box>
      <Text wrap="truncate-end" {...styleFor('dim', color)}>{selected ? truncate(selectedText(report, selected.layer), width) : ' '}</Text>
      <KeyHelp keys={listKeys(state.filter)} color={color} />
    </Box>
  );
}

/** Under the list: what the selected layer does to the files, and how to see them. */
function selectedText(report: ImageReport, layer: number): string {
  const l = report.layers[layer];
  if (!l) return ' ';
  const c = l.counts;
  return `layer ${layer + 1}: +${c.added} added, ~${c.modified} changed, -${c.deleted} deleted${l.wastedBytes ? `, ${bytes(l.wastedBytes)} wasted by later layers` : ''}; ⏎ shows the files`;
}

interface Columns {
  readonly wasted: number;
  readonly source: number;
  readonly instruction: number;
}

/** `›` + number + size + wasted + instruction (the rest) + Dockerfile line (with -f). */
function layerColumns(width: number, lines: readonly ImageLine[]): Columns {
  const layers = lines.flatMap((l) => (l.kind === 'layer' ? [l] : []));
  const wasted = Math.max(6, ...layers.map((l) => l.wasted.length));
  const source = Math.min(24, Math.max(0, ...layers.map((l) => l.source.length)));
  return { wasted, source, instruction: Math.max(10, width - 2 - 5 - 11 - 2 - wasted - 2 - (source ? source + 2 : 0)) };
}

interface LayerRowProps {
  readonly line: ImageLine;
  readonly selected: boolean;
  readonly cols: Columns;
  readonly width: number;
  readonly color: boolean;
}

function LayerRow({ line, selected, cols, width, color }: LayerRowProps) {
  if (line.kind === 'folded') return <Text wrap="truncate-end" {...styleFor('dim', color)}>{truncate(`${' '.repeat(20)}· ${line.text}`, width)}</Text>;
  const text = `${selected ? CURSOR_GLYPH : ' '} ${String(line.layer + 1).padStart(4)}  ${line.size.padStart(9)}  ${line.wasted.padEnd(cols.wasted)}  ${truncate(line.instruction, cols.instruction).padEnd(cols.instruction)}${cols.source ? `  ${truncate(line.source, cols.source)}` : ''}`;
  return (
    <Text wrap="truncate-end" {...styleFor(selected ? 'selected' : line.wasted ? 'deleted' : 'plain', color)}>
      {text.padEnd(width - 1)}
    </Text>
  );
}
