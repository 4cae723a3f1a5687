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
import { buildLines, lineOfStep } from './build-lines.js';
import { detailLines } from './detail-lines.js';
import { DetailView } from './DetailView.js';
import { KeyHelp } from './KeyHelp.js';
import { styleFor } from './palette.js';
import { PlanLines } from './PlanLines.js';
import { PlanSummary } from './PlanSummary.js';
import { rowColumns } from './step-row-model.js';
import { initialTui, reduceTui, toTuiKey } from './tui-state.js';
import { visibleWindow } from './viewport.js';

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

const LIST_KEYS = [['↑↓/jk', 'move'], ['⏎/→', 'details'], ['q/esc', 'quit']] as const;
const DETAIL_KEYS = [['↑↓/jk', 'previous/next step'], ['←/esc', 'back'], ['q', 'quit']] as const;
/** Title, summary (up to two lines), why-line and key help. */
const CHROME_ROWS = 5;

export function App({ plan, bases, width, height, color, onExit, compared }: AppProps) {
  const [state, setState] = useState(() => initialTui(plan.steps.length, firstInterestingStep(plan)));
  useInput((input, key) => {
    const k = toTuiKey(input, key);
    // Functional update: keys that arrive together must each see the previous key's state.
    if (k) setState((s) => reduceTui(s, k));
  });
  useEffect(() => {
    if (state.done) onExit();
  }, [state.done, onExit]);
  const title = `${plan.dockerfile} · ${plan.builder}${plan.target ? ` · target ${plan.target}` : ''}`;
  const selected = plan.steps[state.cursor];
  if (state.view === 'detail') {
    return (
      <Box flexDirection="column" width={width}>
        <Text wrap="truncate-end" {...styleFor('title', color)}>{title}</Text>
        <DetailView lines={detailLines(plan, state.cursor, bases)} height={height - 2} color={color} />
        <KeyHelp keys={DETAIL_KEYS} color={color} />
      </Box>
    );
  }
  const lines = buildLines(plan, bases);
  const win = visibleWindow(lines.length, lineOfStep(lines, state.cursor), height - CHROME_ROWS - (compared ? 1 : 0));
  const columns = rowColumns(width);
  const note = selected ? stepNote(selected) : null;
  const why = selected && note && !columns.note ? `line ${selected.step.instruction.line}: ${reasonLine(note)}` : ' ';
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end" {...styleFor('title', color)}>{title}</Text>
      {compared ? <Text wrap="truncate-end" {...styleFor('dim', color)}>{compared}</Text> : null}
      <PlanLines lines={lines.slice(win.start, win.end)} offset={win.start} selectedStep={state.cursor} columns={columns} color={color} />
      <PlanSummary summary={plan.summary} width={width} color={color} />
      <Text wrap="truncate-end" {...styleFor('dim', color)}>{why}</Text>
      <KeyHelp keys={LIST_KEYS} color={color} />
    </Box>
  );
}

/** Start on the step that starts the first rebuild: that is what the user came to see. */
function firstInterestingStep(plan: Plan): number {
  const origin = plan.summary.origins[0];
  const i = origin ? plan.steps.findIndex((s) => s.step.id === origin.id) : -1;
  return Math.max(0, i);
}
