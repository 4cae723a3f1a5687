/**
 * Key handling for the build view, as a pure reducer: the App maps Ink's key
 * events to `TuiKey`s and stores what `reduceTui` returns. Tested without Ink.
 */
import { assertNever } from '../../lang/assert-never.js';
import type { TuiKey } from './keys.js';
import { isMoveKey, moveCursor, onShownRow, type ListNav } from './list-nav.js';

export type TuiView = 'list' | 'detail';

export interface TuiState {
  /** Index into the plan's steps. */
  readonly cursor: number;
  readonly view: TuiView;
  /** Only the rebuilt steps are listed. */
  readonly filter: boolean;
  /** First shown line of the detail, when it is longer than the screen. */
  readonly scroll: number;
  /** Set once the user asked to leave; the App then calls its `onExit`. */
  readonly done: boolean;
}

/** What the reducer needs to know of the screen: the rows each filter shows and how long a step's detail runs. */
export interface TuiScreen {
  nav(filter: boolean): ListNav;
  /** Detail lines of step `cursor` that do not fit on the screen (the most `scroll` can be). */
  detailOverflow(cursor: number): number;
}

export function initialTui(nav: ListNav, cursor = 0): TuiState {
  return { cursor: onShownRow(nav.rows, cursor), view: 'list', filter: false, scroll: 0, done: false };
}

export function reduceTui(state: TuiState, key: TuiKey, screen: TuiScreen): TuiState {
  const nav = screen.nav(state.filter);
  if (state.view === 'detail' && (key === 'page-down' || key === 'page-up')) {
    const by = key === 'page-down' ? nav.page : -nav.page;
    return { ...state, scroll: Math.max(0, Math.min(state.scroll + by, screen.detailOverflow(state.cursor))) };
  }
  if (isMoveKey(key)) return { ...state, cursor: moveCursor(nav, state.cursor, key), scroll: 0 };
  switch (key) {
    case 'open':
    case 'right':
      return nav.rows.length ? { ...state, view: 'detail', scroll: 0 } : state;
    case 'back':
    case 'left':
      return state.view === 'detail' ? { ...state, view: 'list' } : key === 'back' ? { ...state, done: true } : state;
    case 'quit':
      return { ...state, done: true };
    case 'filter': {
      const rows = screen.nav(!state.filter).rows;
      // Nothing rebuilds: an empty list would only hide the plan.
      return rows.length ? { ...state, filter: !state.filter, cursor: onShownRow(rows, state.cursor) } : state;
    }
    case 'diff':
      return state;
    default:
      return assertNever(key);
  }
}
