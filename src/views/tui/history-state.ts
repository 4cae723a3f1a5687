/** Key handling for the history view, as a pure reducer (run 0 is the newest). */
import { assertNever } from '../../lang/assert-never.js';
import type { TuiKey } from './keys.js';
import { isMoveKey, moveCursor, onShownRow, type ListNav } from './list-nav.js';

export type HistoryView = 'steps' | 'diff';

export interface HistoryState {
  /** Index into the runs, newest first. */
  readonly run: number;
  readonly runs: number;
  readonly view: HistoryView;
  /** Step cursor within the shown run. */
  readonly cursor: number;
  /** Only the rebuilt steps are listed. */
  readonly filter: boolean;
  /** First line of the diff shown, when it is longer than the screen. */
  readonly scroll: number;
  readonly done: boolean;
}

/** What the reducer needs of the runs as shown. */
export interface HistoryScreen {
  nav(run: number, filter: boolean): ListNav;
  /** Where the cursor starts in a run: its first rebuilt step (where the rebuild starts), else its first step. */
  firstStep(run: number): number;
  /** Lines of run `run`'s diff that do not fit. */
  diffOverflow(run: number): number;
}

export function initialHistory(runs: number, screen: HistoryScreen): HistoryState {
  return { run: 0, runs, view: 'steps', cursor: runs ? screen.firstStep(0) : 0, filter: false, scroll: 0, done: false };
}

export function reduceHistory(state: HistoryState, key: TuiKey, screen: HistoryScreen): HistoryState {
  const toRun = (run: number): HistoryState => {
    const next = Math.max(0, Math.min(run, state.runs - 1));
    if (next === state.run) return state;
    return { ...state, run: next, scroll: 0, cursor: onShownRow(screen.nav(next, state.filter).rows, screen.firstStep(next)) };
  };
  const nav = screen.nav(state.run, state.filter);
  if (state.view === 'diff' && (key === 'page-down' || key === 'page-up' || key === 'down' || key === 'up')) {
    const by = key === 'page-down' ? nav.page : key === 'page-up' ? -nav.page : key === 'down' ? 1 : -1;
    return { ...state, scroll: Math.max(0, Math.min(state.scroll + by, screen.diffOverflow(state.run))) };
  }
  if (isMoveKey(key)) return { ...state, cursor: moveCursor(nav, state.cursor, key) };
  switch (key) {
    case 'left':
      return toRun(state.run + 1);
    case 'right':
      return toRun(state.run - 1);
    case 'diff':
      return { ...state, view: state.view === 'diff' ? 'steps' : 'diff', scroll: 0 };
    case 'filter': {
      const rows = screen.nav(state.run, !state.filter).rows;
      return rows.length ? { ...state, filter: !state.filter, cursor: onShownRow(rows, state.cursor) } : state;
    }
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
