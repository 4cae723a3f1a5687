/**
 * The history view: the timeline of recorded runs, the shown run as a layer
 * stack (with the base image's layers where the engine knows them), and with
 * `d` its difference from the run before. The only stateful component here.
 */
import { useEffect, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import type { RunRecord } from '../../store/types.js';
import { diffText, shortTime, sourceText, stepFilesText } from '../history-text.js';
import { reasonKindText, reasonLine } from '../reason-text.js';
import { previousRun, timelineRow, type RunDiff } from '../../plan/run-history.js';
import { seconds } from '../format.js';
import type { BaseInfoMap } from './base-info.js';
import { lineOfStep, navOf } from './build-lines.js';
import { detailOverflow, DetailView } from './DetailView.js';
import type { DetailLine } from './detail-lines.js';
import { initialHistory, reduceHistory, type HistoryScreen } from './history-state.js';
import { KeyHelp } from './KeyHelp.js';
import { toTuiKeys } from './keys.js';
import { styleFor } from './palette.js';
import { PlanLines } from './PlanLines.js';
import { filesByStep, firstRebuiltStep, runLines } from './run-lines.js';
import { rowColumns } from './step-row-model.js';
import { Timeline } from './Timeline.js';
import { TitleBar } from './TitleBar.js';
import { scrollPosition, stickyWindow, visibleWindow } from './viewport.js';

export interface HistoryAppProps {
  readonly contextDir: string;
  /** Newest first. */
  readonly runs: readonly RunRecord[];
  /** `diffs[i]`: run i against run i + 1 (the one before it); null for the oldest. */
  readonly diffs: readonly (RunDiff | null)[];
  readonly bases: BaseInfoMap;
  /** The engine the base layers were read from; null when none answered. */
  readonly engine?: string | null;
  readonly width: number;
  readonly height: number;
  readonly color: boolean;
  readonly onExit: () => void;
}

const keys = (filter: boolean) => [['←→', 'run'], ['↑↓/jk', 'step'], ['PgDn', 'page'], ['n', 'next rebuilt'], ['r', filter ? 'all steps' : 'rebuilt only'], ['d', 'diff'], ['q', 'quit']] as const;
const TIMELINE_ROWS = 5;

export function HistoryApp({ contextDir, runs, diffs, bases, engine = null, width, height, color, onExit }: HistoryAppProps) {
  const timelineRows = Math.min(TIMELINE_ROWS, runs.length);
  // Title, timeline, run heading, why-line, key help.
  const bodyRows = Math.max(1, height - timelineRows - 4);
  const files = (run: number) => filesByStep(runs[run]!, diffs[run]?.stepFiles ?? []);
  const linesOf = (run: number, filter: boolean) => (runs[run] ? runLines(runs[run]!, bases, filter, files(run)) : []);
  const diffLines = (run: number): DetailLine[] => {
    const diff = diffs[run] ?? null;
    const text = diff ? [...diffText(diff), ...stepFilesText(diff)] : ['the first recorded run: nothing before it to compare with'];
    return text.map((t) => ({ text: t, tone: 'plain' }));
  };
  const screen: HistoryScreen = {
    nav: (run, filter) => navOf(linesOf(run, filter), Math.max(1, bodyRows - 2)),
    firstStep: (run) => (runs[run] ? firstRebuiltStep(runs[run]!) : 0),
    diffOverflow: (run) => detailOverflow(diffLines(run), width, bodyRows + 1),
  };
  const [state, setState] = useState(() => initialHistory(runs.length, screen));
  useInput((input, key) => {
    for (const k of toTuiKeys(input, key)) setState((s) => reduceHistory(s, k, screen));
  });
  useEffect(() => {
    if (state.done) onExit();
  }, [state.done, onExit]);
  const run = runs[state.run];
  if (!run) return <Text>{`no runs recorded for ${contextDir}; run \`layerplan build ${contextDir}\` first`}</Text>;
  const tl = visibleWindow(runs.length, state.run, timelineRows);
  const older = previousRun(runs, state.run);
  const title = `layerplan history · ${contextDir} · ${runs.length} run${runs.length === 1 ? '' : 's'}, newest first (UTC)${engine ? ` · engine ${engine}` : ''}`;
  const args = Object.entries(run.buildArgs).map(([k, v]) => `${k}=${v}`).join(' ');
  const heading =
    state.view === 'diff'
      ? `── run ${state.run + 1} of ${runs.length}: what changed since ${older ? `${shortTime(older.time)} (${sourceText(older.source ?? 'assumed')})` : 'nothing (the first recorded run)'}`
      : `── run ${state.run + 1} of ${runs.length}: ${shortTime(run.time)} · ${sourceText(run.source ?? 'assumed')}${run.exec ? `, took ${seconds(run.exec.seconds)}` : ''}${args ? ` · ${args}` : ''}${state.filter ? ' · rebuilt steps only' : ''}`;
  const body = state.view === 'diff' ? diffBody(diffLines(state.run), state.scroll, width, bodyRows + 1, color) : stepsBody(linesOf(state.run, state.filter), state.cursor, run, files(state.run), bodyRows, width, color);
  return (
    <Box flexDirection="column" width={width}>
      <TitleBar title={title} position={body.position} width={width} color={color} />
      <Timeline rows={runs.slice(tl.start, tl.end).map(timelineRow)} offset={tl.start} selected={state.run} contextDir={contextDir} color={color} />
      <Text wrap="truncate-end" {...styleFor('title', color)}>{heading}</Text>
      {body.view}
      <KeyHelp keys={keys(state.filter)} color={color} />
    </Box>
  );
}

function diffBody(lines: readonly DetailLine[], scroll: number, width: number, rows: number, color: boolean) {
  const overflow = detailOverflow(lines, width, rows);
  const at = Math.min(scroll, overflow);
  return { position: scrollPosition({ start: at, end: at + rows }, overflow + rows), view: <DetailView lines={lines} width={width} height={rows} scroll={at} color={color} /> };
}

function stepsBody(lines: ReturnType<typeof runLines>, cursor: number, run: RunRecord, files: ReturnType<typeof filesByStep>, rows: number, width: number, color: boolean) {
  const win = stickyWindow(lines.map((l) => l.kind === 'heading'), lineOfStep(lines, cursor), rows);
  const shown = [...(win.pinned === null ? [] : [lines[win.pinned]!]), ...lines.slice(win.start, win.end)];
  const step = run.steps[cursor];
  const columns = rowColumns(width);
  const changed = files.get(cursor);
  const why = step?.reason && !columns.note ? `line ${step.line}: ${step.status}, ${changed ? reasonLine({ kind: 'files-changed', ...changed }) : reasonKindText(step.reason)}` : ' ';
  return {
    position: scrollPosition(win, lines.length),
    view: (
      <Box flexDirection="column">
        <PlanLines lines={shown} offset={win.start} selectedStep={cursor} columns={columns} color={color} />
        <Text wrap="truncate-end" {...styleFor('dim', color)}>{why}</Text>
      </Box>
    ),
  };
}
