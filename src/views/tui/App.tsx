/**
 * The build view: the plan as a layer stack per stage, a cursor over steps,
 * and a step's detail on Enter. The only component with state and input;
 * it gets a finished Plan and leaves through `onExit`.
 */
import { useEffect, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import { stepNote, type Plan } from '../../plan/index.js';
import { reasonLine } from '../reason-text.js';
import type { BaseInfoMap } from './base-info.js';
import { buildLines, lineOfStep, navOf, type ViewLine } from './build-lines.js';
import { detailLines } from './detail-lines.js';
import { DetailPage } from './DetailPage.js';
import { detailOverflow } from './DetailView.js';
import { KeyHelp } from './KeyHelp.js';
import { toTuiKeys } from './keys.js';
import { styleFor } from './palette.js';
import { PlanLines } from './PlanLines.js';
import { PlanSummary } from './PlanSummary.js';
import { rowColumns } from './step-row-model.js';
import { TitleBar } from './TitleBar.js';
import { initialTui, reduceTui, type TuiScreen } from './tui-state.js';
import { scrollPosition, stickyWindow } from './viewport.js';

export interface AppProps {
  readonly plan: Plan;
  readonly bases: BaseInfoMap;
  readonly width: number;
  readonly height: number;
  readonly color: boolean;
  readonly onExit: () => void;
  /** What the plan is compared with, shown under the title. */
  readonly compared?: string;
}

const listKeys = (filter: boolean) => [['↑↓/jk', 'move'], ['PgUp/PgDn', 'page'], ['n', 'next rebuilt'], ['r', filter ? 'all steps' : 'rebuilt only'], ['⏎', 'details'], ['q', 'quit']] as const;
const DETAIL_KEYS = [['↑↓/jk', 'previous/next step'], ['PgUp/PgDn', 'scroll'], ['←/esc', 'back'], ['q', 'quit']] as const;
/** Title, summary (up to two lines), why-line and key help. */
const CHROME_ROWS = 5;

export function App({ plan, bases, width, height, color, onExit, compared }: AppProps) {
  const listRows = Math.max(1, height - CHROME_ROWS - (compared ? 1 : 0));
  const detailRows = Math.max(1, height - 2);
  const linesFor = (filter: boolean): ViewLine[] => buildLines(plan, bases, filter);
  // One row of the list may hold a pinned stage heading; a page keeps one row of context.
  const screen: TuiScreen = {
    nav: (filter) => navOf(linesFor(filter), Math.max(1, listRows - 2)),
    detailOverflow: (cursor) => detailOverflow(detailLines(plan, cursor, bases), width, detailRows),
  };
  const [state, setState] = useState(() => initialTui(screen.nav(false), firstInterestingStep(plan)));
  useInput((input, key) => {
    // Every key of the read, each seeing the state the one before it left.
    for (const k of toTuiKeys(input, key)) setState((s) => reduceTui(s, k, screen));
  });
  useEffect(() => {
    if (state.done) onExit();
  }, [state.done, onExit]);
  const title = `${plan.dockerfile} · ${plan.builder}${plan.target ? ` · target ${plan.target}` : ''}`;
  const selected = plan.steps[state.cursor];
  if (state.view === 'detail') return <DetailPage title={title} lines={detailLines(plan, state.cursor, bases)} keys={DETAIL_KEYS} rows={detailRows} scroll={state.scroll} width={width} color={color} />;
  const lines = linesFor(state.filter);
  const win = stickyWindow(lines.map((l) => l.kind === 'heading'), lineOfStep(lines, state.cursor), listRows);
  const shown = [...(win.pinned === null ? [] : [lines[win.pinned]!]), ...lines.slice(win.start, win.end)];
  const columns = rowColumns(width);
  const note = selected ? stepNote(selected) : null;
  const why = selected && note && !columns.note ? `line ${selected.step.instruction.line}: ${reasonLine(note)}` : ' ';
  return (
    <Box flexDirection="column" width={width}>
      <TitleBar title={`${state.filter ? 'rebuilt steps only · ' : ''}${title}`} position={scrollPosition(win, lines.length)} width={width} color={color} />
      {compared ? <Text wrap="truncate-end" {...styleFor('dim', color)}>{compared}</Text> : null}
      <PlanLines lines={shown} offset={win.start} selectedStep={state.cursor} columns={columns} color={color} />
      <PlanSummary summary={plan.summary} width={width} color={color} />
      <Text wrap="truncate-end" {...styleFor('dim', color)}>{why}</Text>
      <KeyHelp keys={listKeys(state.filter)} color={color} />
    </Box>
  );
}

/** Start on the step that starts the first rebuild: that is what the user came to see. */
function firstInterestingStep(plan: Plan): number {
  const origin = plan.summary.origins[0];
  const i = origin ? plan.steps.findIndex((s) => s.step.id === origin.id) : -1;
  return Math.max(0, i);
}
