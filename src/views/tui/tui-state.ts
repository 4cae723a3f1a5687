/**
 * Key handling for the build view, as a pure reducer: the App maps Ink's key
 * events to a `TuiKey` and stores what `reduceTui` returns. Tested without Ink.
 */
import { assertNever } from '../../lang/assert-never.js';

/** What a key press means, independent of the terminal. */
export type TuiKey = 'up' | 'down' | 'left' | 'right' | 'open' | 'back' | 'quit' | 'top' | 'bottom' | 'diff';

export type TuiView = 'list' | 'detail';

export interface TuiState {
  /** Index into the plan's steps. */
  readonly cursor: number;
  readonly count: number;
  readonly view: TuiView;
  /** Set once the user asked to leave; the App then calls its `onExit`. */
  readonly done: boolean;
}

export function initialTui(count: number, cursor = 0): TuiState {
  return { cursor: clamp(cursor, count), count, view: 'list', done: false };
}

export function reduceTui(state: TuiState, key: TuiKey): TuiState {
  switch (key) {
    case 'up':
      return { ...state, cursor: clamp(state.cursor - 1, state.count) };
    case 'down':
      return { ...state, cursor: clamp(state.cursor + 1, state.count) };
    case 'top':
      return { ...state, cursor: 0 };
    case 'bottom':
      return { ...state, cursor: clamp(state.count - 1, state.count) };
    case 'open':
    case 'right':
      return state.count ? { ...state, view: 'detail' } : state;
    case 'back':
    case 'left':
      return state.view === 'detail' ? { ...state, view: 'list' } : key === 'back' ? { ...state, done: true } : state;
    case 'quit':
      return { ...state, done: true };
    case 'diff':
      return state;
    default:
      return assertNever(key);
  }
}

function clamp(i: number, count: number): number {
  return Math.max(0, Math.min(i, count - 1));
}

/** The subset of Ink's `Key` that we read; kept structural so this file does not import Ink. */
export interface InkKeyLike {
  readonly upArrow?: boolean;
  readonly downArrow?: boolean;
  readonly leftArrow?: boolean;
  readonly rightArrow?: boolean;
  readonly return?: boolean;
  readonly escape?: boolean;
  readonly backspace?: boolean;
  readonly pageUp?: boolean;
  readonly pageDown?: boolean;
  readonly ctrl?: boolean;
}

const LETTERS: Readonly<Record<string, TuiKey>> = { k: 'up', j: 'down', h: 'left', l: 'right', q: 'quit', g: 'top', G: 'bottom', d: 'diff' };

/** Maps one Ink input event to a key, or null for keys with no meaning here. */
export function toTuiKey(input: string, key: InkKeyLike): TuiKey | null {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.return) return 'open';
  if (key.escape || key.backspace) return 'back';
  if (key.pageUp) return 'top';
  if (key.pageDown) return 'bottom';
  if (key.ctrl && input === 'c') return 'quit';
  return LETTERS[input] ?? null;
}
