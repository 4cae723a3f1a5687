/** Key handling for the history view, as a pure reducer (run 0 is the newest). */
import type { TuiKey } from './tui-state.js';
import { assertNever } from '../../lang/assert-never.js';

export type HistoryView = 'steps' | 'diff';

export interface HistoryState {
  /** Index into the runs, newest first. */
  readonly run: number;
  readonly runs: number;
  readonly view: HistoryView;
  /** Step cursor within the shown run. */
  readonly cursor: number;
  readonly done: boolean;
}

export function initialHistory(runs: number): HistoryState {
  return { run: 0, runs, view: 'steps', cursor: 0, done: false };
}

/** `steps`: how many steps the run at an index has, to bound the cursor. */
export function reduceHistory(state: HistoryState, key: TuiKey, steps: (run: number) => number): HistoryState {
  const toRun = (run: number): HistoryState => {
    const next = Math.max(0, Math.min(run, state.runs - 1));
    return next === state.run ? state : { ...state, run: next, cursor: Math.min(state.cursor, Math.max(0, steps(next) - 1)) };
  };
  switch (key) {
    case 'left':
      return toRun(state.run + 1);
    case 'right':
      return toRun(state.run - 1);
    case 'up':
      return { ...state, cursor: Math.max(0, state.cursor - 1) };
    case 'down':
      return { ...state, cursor: Math.max(0, Math.min(state.cursor + 1, steps(state.run) - 1)) };
    case 'top':
      return { ...state, cursor: 0 };
    case 'bottom':
      return { ...state, cursor: Math.max(0, steps(state.run) - 1) };
    case 'diff':
      return { ...state, view: state.view === 'diff' ? 'steps' : 'diff' };
    case 'back':
      return state.view === 'diff' ? { ...state, view: 'steps' } : { ...state, done: true };
    case 'quit':
      return { ...state, done: true };
    case 'open':
      return state;
    default:
      return assertNever(key);
  }
}
