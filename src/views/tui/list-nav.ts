/**
 * Moving a cursor over the rows a list shows, shared by every view: the
 * cursor is an item index (a step, a layer), the rows are the items shown in
 * order (a filter or a folded stage leaves some out), `marked` are the items
 * `n`/`N` jump to. Pure.
 */
import { assertNever } from '../../lang/assert-never.js';
import type { TuiKey } from './keys.js';

export type MoveKey = Extract<TuiKey, 'up' | 'down' | 'page-up' | 'page-down' | 'top' | 'bottom' | 'next-marked' | 'previous-marked'>;
const MOVES: ReadonlySet<TuiKey> = new Set<MoveKey>(['up', 'down', 'page-up', 'page-down', 'top', 'bottom', 'next-marked', 'previous-marked']);

export function isMoveKey(key: TuiKey): key is MoveKey {
  return MOVES.has(key);
}

export interface ListNav {
  /** Item indices the list shows, in order. */
  readonly rows: readonly number[];
  /** Items that `n` and `N` jump to (rebuilt steps; layers with wasted bytes). */
  readonly marked: ReadonlySet<number>;
  /** Rows one PgUp/PgDn moves: the rows that fit on the screen, less one to keep context. */
  readonly page: number;
}

/** The cursor after a movement key (unchanged in an empty list). */
export function moveCursor(nav: ListNav, cursor: number, key: MoveKey): number {
  const { rows } = nav;
  if (!rows.length) return cursor;
  const at = rowOf(rows, cursor);
  const to = (i: number): number => rows[Math.max(0, Math.min(i, rows.length - 1))]!;
  switch (key) {
    case 'up':
      return to(at - 1);
    case 'down':
      return to(at + 1);
    case 'page-up':
      return to(at - Math.max(1, nav.page));
    case 'page-down':
      return to(at + Math.max(1, nav.page));
    case 'top':
      return to(0);
    case 'bottom':
      return to(rows.length - 1);
    case 'next-marked':
      return rows.slice(at + 1).find((i) => nav.marked.has(i)) ?? rows[at]!;
    case 'previous-marked':
      return rows.slice(0, at).reverse().find((i) => nav.marked.has(i)) ?? rows[at]!;
    default:
      return assertNever(key);
  }
}

/** Where `cursor` is among the rows; a hidden item counts as the row after it (or the last). */
export function rowOf(rows: readonly number[], cursor: number): number {
  const exact = rows.indexOf(cursor);
  if (exact >= 0) return exact;
  const after = rows.findIndex((i) => i > cursor);
  return after >= 0 ? after : rows.length - 1;
}

/** The cursor moved onto a shown row (after a filter hid its item). */
export function onShownRow(rows: readonly number[], cursor: number): number {
  return rows.length ? rows[rowOf(rows, cursor)]! : cursor;
}
