import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { toTuiKeys, type TuiKey } from '../../../src/views/tui/keys.js';
import type { ListNav } from '../../../src/views/tui/list-nav.js';
import { initialTui, reduceTui, type TuiScreen } from '../../../src/views/tui/tui-state.js';
import { scrollPosition, stickyWindow, visibleWindow } from '../../../src/views/tui/viewport.js';

const t = suite('views/tui/tui-state');
/** Steps 0-9; 3, 4 and 7 rebuild; the filter shows those only. 8 is hidden (a folded stage). A page is 3 rows. */
const ALL: ListNav = { rows: [0, 1, 2, 3, 4, 5, 6, 7, 9], marked: new Set([3, 4, 7]), page: 3 };
const REBUILT: ListNav = { rows: [3, 4, 7], marked: new Set([3, 4, 7]), page: 3 };
const screen: TuiScreen = { nav: (filter) => (filter ? REBUILT : ALL), detailOverflow: () => 5 };
const press = (keys: TuiKey[], cursor = 0, s: TuiScreen = screen) => keys.reduce((st, k) => reduceTui(st, k, s), initialTui(s.nav(false), cursor));

t('up and down move over the shown rows and stop at both ends', () => {
  assert.is(press(['down', 'down']).cursor, 2);
  assert.is(press(['up']).cursor, 0);
  assert.is(press(Array<TuiKey>(12).fill('down')).cursor, 9);
  assert.is(press(['bottom', 'top', 'down']).cursor, 1);
  assert.is(press(['down'], 7).cursor, 9, 'the hidden step 8 is skipped');
});

t('PgDn and PgUp move a page, not to the ends', () => {
  assert.is(press(['page-down']).cursor, 3);
  assert.is(press(['page-down', 'page-down']).cursor, 6);
  assert.is(press(['page-down', 'page-down', 'page-down', 'page-down']).cursor, 9);
  assert.is(press(['page-up'], 9).cursor, 5);
});

t('n and N jump to the next and previous rebuilt step, staying put past the last', () => {
  assert.is(press(['next-marked']).cursor, 3);
  assert.is(press(['next-marked', 'next-marked', 'next-marked']).cursor, 7);
  assert.is(press(['next-marked', 'next-marked', 'next-marked', 'next-marked']).cursor, 7);
  assert.is(press(['previous-marked'], 9).cursor, 7);
});

t('the filter shows rebuilt steps only; the cursor moves onto one and back', () => {
  const on = press(['filter'], 5);
  assert.equal([on.filter, on.cursor], [true, 7]);
  assert.is(press(['filter', 'down', 'down'], 0).cursor, 7);
  assert.equal(press(['filter', 'filter'], 4).filter, false);
  const none: TuiScreen = { nav: (f) => (f ? { ...REBUILT, rows: [] } : ALL), detailOverflow: () => 0 };
  assert.is(press(['filter'], 0, none).filter, false, 'nothing rebuilds: the filter stays off');
});

t('open and right show the detail; left and back return to the list; in the detail PgDn scrolls, clamped', () => {
  assert.is(press(['open']).view, 'detail');
  assert.is(press(['right', 'left']).view, 'list');
  const back = press(['open', 'back']);
  assert.equal([back.view, back.done], ['list', false]);
  assert.is(press(['open', 'page-down']).scroll, 3);
  assert.equal(press(['open', 'page-down', 'page-down', 'page-down']).scroll, 5);
  const next = press(['open', 'page-down', 'down']);
  assert.equal([next.view, next.cursor, next.scroll], ['detail', 1, 0]);
});

t('back on the list and quit anywhere leave', () => {
  assert.ok(press(['back']).done);
  assert.ok(press(['open', 'quit']).done);
  assert.not.ok(press(['left']).done);
});

t('an empty plan opens nothing; the start is moved onto a shown row', () => {
  const empty: TuiScreen = { nav: () => ({ rows: [], marked: new Set(), page: 3 }), detailOverflow: () => 0 };
  assert.equal(press(['open', 'down'], 0, empty).view, 'list');
  assert.is(initialTui(ALL, 8).cursor, 9);
  assert.is(initialTui(ALL, 99).cursor, 9);
});

t('every key of one read counts: jjjj is four downs, a paste of keys keeps its order', () => {
  assert.equal(toTuiKeys('jjjj', {}), ['down', 'down', 'down', 'down']);
  assert.equal(toTuiKeys('jjkq', {}), ['down', 'down', 'up', 'quit']);
  assert.equal(toTuiKeys('jxj', {}), ['down', 'down']);
  assert.equal(press(toTuiKeys('jjjj', {})).cursor, 4);
});

t('arrows, Page keys, Home/End, vim and less letters, Enter, Esc, q and Ctrl keys map to keys; others to none', () => {
  assert.equal(toTuiKeys('', { upArrow: true }), ['up']);
  assert.equal(toTuiKeys('', { pageDown: true }), ['page-down']);
  assert.equal(toTuiKeys('', { pageUp: true }), ['page-up']);
  assert.equal(toTuiKeys('', { home: true }), ['top']);
  assert.equal(toTuiKeys('', { end: true }), ['bottom']);
  assert.equal(toTuiKeys(' ', {}), ['page-down']);
  assert.equal(toTuiKeys('b', {}), ['page-up']);
  assert.equal(toTuiKeys('d', { ctrl: true }), ['page-down']);
  assert.equal(toTuiKeys('c', { ctrl: true }), ['quit']);
  assert.equal(toTuiKeys('nNrd', {}), ['next-marked', 'previous-marked', 'filter', 'diff']);
  assert.equal(toTuiKeys('', { return: true }), ['open']);
  assert.equal(toTuiKeys('', { escape: true }), ['back']);
  assert.equal(toTuiKeys('x', {}), []);
});

t('the window keeps the focus visible and never runs past the end', () => {
  assert.equal(visibleWindow(5, 4, 10), { start: 0, end: 5 });
  assert.equal(visibleWindow(100, 0, 10), { start: 0, end: 10 });
  assert.equal(visibleWindow(100, 50, 10), { start: 45, end: 55 });
  assert.equal(visibleWindow(100, 99, 10), { start: 90, end: 100 });
});

t('a window starting inside a section pins that section’s heading on its first row', () => {
  const headings = Array.from({ length: 30 }, (_, i) => i === 0 || i === 20);
  assert.equal(stickyWindow(headings, 2, 10), { start: 0, end: 10, pinned: null });
  const mid = stickyWindow(headings, 15, 10);
  assert.equal(mid.pinned, 0);
  assert.is(mid.end - mid.start, 9, 'the pinned heading takes one of the ten rows');
  assert.ok(mid.start <= 15 && 15 < mid.end);
  assert.is(stickyWindow(headings, 27, 5).pinned, 20);
  assert.is(stickyWindow(headings, 29, 10).pinned, null, 'a window that starts at a heading pins nothing');
});

t('the scroll position says which lines show and where there is more', () => {
  assert.is(scrollPosition({ start: 0, end: 5 }, 5), '');
  assert.is(scrollPosition({ start: 0, end: 10 }, 40), '1-10 of 40 ↓');
  assert.is(scrollPosition({ start: 10, end: 20 }, 40), '11-20 of 40 ↑↓');
  assert.is(scrollPosition({ start: 30, end: 40 }, 40), '31-40 of 40 ↑');
});

t.run();
