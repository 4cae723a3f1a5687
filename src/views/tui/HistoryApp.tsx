/**
 * The history view: the timeline of recorded runs, the shown run as a layer
 * stack (with the base image's layers where the engine knows them), and with
 * `d` its difference from the run before. The only stateful component here.
 */
import { useEffect, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import type { RunRecord } from '../../store/types.js';
import { diffText, shortTime } from '../history-text.js';
import { reasonKindText } from '../reason-text.js';
import { timelineRow, type RunDiff } from '../../plan/run-history.js';
import type { BaseInfoMap } from './base-info.js';
import { lineOfStep } from './build-lines.js';
import { DetailView } from './DetailView.js';
import { initialHistory, reduceHistory } from './history-state.js';
import { KeyHelp } from './KeyHelp.js';
import { styleFor } from './palette.js';
import { PlanLines } from './PlanLines.js';
import { runLines } from './run-lines.js';
import { rowColumns } from './step-row-model.js';
import { Timeline } from './Timeline.js';
import { toTuiKey } from './tui-state.js';
import { visibleWindow } from './viewport.js';

export interface HistoryAppProps {
  readonly contextDir: string;
  /** Newest first. */
  readonly runs: readonly RunRecord[];
  /** `diffs[i]`: run i against run i + 1 (the one before it); null for the oldest. */
  readonly diffs: readonly (RunDiff | null)[];
  readonly bases: BaseInfoMap;
  readonly width: number;
  readonly height: number;
  readonly color: boolean;
  readonly onExit: () => void;
}

const KEYS = [['←→/hl', 'older/newer run'], ['↑↓/jk', 'step'], ['d', 'diff'], ['q/esc', 'quit']] as const;
const TIMELINE_ROWS = 5;

export function HistoryApp({ contextDir, runs, diffs, bases, width, height, color, onExit }: HistoryAppProps) {
  const [state, setState] = useState(() => initialHistory(runs.length));
  const stepCount = (i: number): number => runs[i]?.steps.length ?? 0;
  useInput((input, key) => {
    const k = toTuiKey(input, key);
    if (k) setState((s) => reduceHistory(s, k, stepCount));
  });
  useEffect(() => {
    if (state.done) onExit();
  }, [state.done, onExit]);
  const run = runs[state.run];
  if (!run) return <Text>{`no runs recorded for ${contextDir}; run \`layerplan build ${contextDir}\` first`}</Text>;
  const tl = visibleWindow(runs.length, state.run, Math.min(TIMELINE_ROWS, runs.length));
  const bodyRows = height - (tl.end - tl.start) - 4;
  const diff = diffs[state.run] ?? null;
  const older = runs[state.run + 1];
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end" {...styleFor('title', color)}>{`layerplan history · ${contextDir} · ${runs.length} run${runs.length === 1 ? '' : 's'}, newest first (UTC)`}</Text>
      <Timeline rows={runs.slice(tl.start, tl.end).map(timelineRow)} offset={tl.start} selected={state.run} contextDir={contextDir} color={color} />
      <Text wrap="truncate-end" {...styleFor('title', color)}>
        {state.view === 'diff'
          ? `── run ${state.run + 1} of ${runs.length}: what changed since ${older ? shortTime(older.time) : 'nothing (the first recorded run)'}`
          : `── run ${state.run + 1} of ${runs.length}: ${shortTime(run.time)}${Object.keys(run.buildArgs).length ? ` · ${Object.entries(run.buildArgs).map(([k, v]) => `${k}=${v}`).join(' ')}` : ''}`}
      </Text>
      {state.view === 'diff' ? (
        <DetailView lines={(diff ? diffText(diff) : ['the first recorded run: nothing before it to compare with']).map((text) => ({ text, tone: 'plain' as const }))} height={bodyRows + 1} color={color} />
      ) : (
        <RunSteps run={run} bases={bases} cursor={state.cursor} rows={bodyRows} width={width} color={color} />
      )}
      <KeyHelp keys={KEYS} color={color} />
    </Box>
  );
}

interface RunStepsProps {
  readonly run: RunRecord;
  readonly bases: BaseInfoMap;
  readonly cursor: number;
  readonly rows: number;
  readonly width: number;
  readonly color: boolean;
}

function RunSteps({ run, bases, cursor, rows, width, color }: RunStepsProps) {
  const lines = runLines(run, bases);
  const win = visibleWindow(lines.length, lineOfStep(lines, cursor), rows);
  const step = run.steps[cursor];
  const columns = rowColumns(width);
  return (
    <Box flexDirection="column">
      <PlanLines lines={lines.slice(win.start, win.end)} offset={win.start} selectedStep={cursor} columns={columns} color={color} />
      <Text wrap="truncate-end" {...styleFor('dim', color)}>{step?.reason && !columns.note ? `line ${step.line}: ${step.status}, ${reasonKindText(step.reason)}` : ' '}</Text>
    </Box>
  );
}
