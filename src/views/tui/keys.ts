/**
 * What a key press means, independent of the terminal and of Ink: every view
 * maps Ink's input events through `toTuiKeys` and feeds each key to its pure
 * reducer. One read from the terminal can hold several keys (`jjjj` typed
 * fast, a held key, a paste): each is its own key here.
 */

export type TuiKey =
  | 'up'
  | 'down'
  | 'left'
  | 'right'
  | 'open'
  | 'back'
  | 'quit'
  | 'top'
  | 'bottom'
  | 'page-up'
  | 'page-down'
  /** The next / previous step that rebuilds (in the image view: the next layer that holds wasted bytes). */
  | 'next-marked'
  | 'previous-marked'
  /** Show only the rebuilt steps, or everything again. */
  | 'filter'
  | 'diff';

/** The subset of Ink's `Key` that we read; kept structural so this file does not import Ink. */
export interface InkKeyLike {
  readonly upArrow?: boolean;
  readonly downArrow?: boolean;
  readonly leftArrow?: boolean;
  readonly rightArrow?: boolean;
  readonly return?: boolean;
  readonly escape?: boolean;
  readonly backspace?: boolean;
  readonly delete?: boolean;
  readonly pageUp?: boolean;
  readonly pageDown?: boolean;
  readonly home?: boolean;
  readonly end?: boolean;
  readonly ctrl?: boolean;
}

/** Letters as in less and vim: j/k, g/G, space/b page, n/N next/previous match. */
const CHARS: Readonly<Record<string, TuiKey>> = {
  k: 'up',
  j: 'down',
  h: 'left',
  l: 'right',
  q: 'quit',
  g: 'top',
  G: 'bottom',
  ' ': 'page-down',
  b: 'page-up',
  n: 'next-marked',
  N: 'previous-marked',
  r: 'filter',
  d: 'diff',
  '\r': 'open',
  '\n': 'open',
  '\u007F': 'back',
};

/** Ctrl+D/U (half page in vim, a page here) and Ctrl+F/B; Ctrl+C quits. */
const CTRL: Readonly<Record<string, TuiKey>> = { c: 'quit', d: 'page-down', f: 'page-down', u: 'page-up', b: 'page-up' };

/** Maps one Ink input event to the keys it holds, in order; keys with no meaning here are dropped. */
export function toTuiKeys(input: string, key: InkKeyLike): TuiKey[] {
  const special = specialKey(key);
  if (special) return [special];
  if (key.ctrl) return CTRL[input] ? [CTRL[input]] : [];
  return [...input].flatMap((ch) => (CHARS[ch] ? [CHARS[ch]] : []));
}

function specialKey(key: InkKeyLike): TuiKey | null {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.return) return 'open';
  if (key.escape || key.backspace || key.delete) return 'back';
  if (key.pageUp) return 'page-up';
  if (key.pageDown) return 'page-down';
  if (key.home) return 'top';
  if (key.end) return 'bottom';
  return null;
}
