import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { initialTui, reduceTui, toTuiKey, type TuiKey } from '../../../src/views/tui/tui-state.js';
import { visibleWindow } from '../../../src/views/tui/viewport.js';

const t = suite('views/tui/tui-state');
const press = (keys: TuiKey[], count = 5, cursor = 0) => keys.reduce(reduceTui, initialTui(count, cursor));

t('up and down move the cursor and stop at both ends', () => {
  assert.is(press(['down', 'down']).cursor, 2);
  assert.is(press(['up']).cursor, 0);
  assert.is(press(['down', 'down', 'down', 'down', 'down', 'down']).cursor, 4);
  assert.is(press(['bottom', 'top', 'down']).cursor, 1);
});

t('open and right show the detail; left and back return to the list', () => {
  assert.is(press(['open']).view, 'detail');
  assert.is(press(['right', 'left']).view, 'list');
  const back = press(['open', 'back']);
  assert.equal([back.view, back.done], ['list', false]);
});

t('back on the list and quit anywhere leave', () => {
  assert.ok(press(['back']).done);
  assert.ok(press(['open', 'quit']).done);
  assert.not.ok(press(['left']).done);
});

t('moving in the detail keeps the detail open on the next step', () => {
  const s = press(['open', 'down']);
  assert.equal([s.view, s.cursor], ['detail', 1]);
});

t('an empty plan opens nothing', () => {
  assert.equal(press(['open', 'down'], 0), { cursor: 0, count: 0, view: 'list', done: false });
});

t('the starting cursor is clamped', () => {
  assert.is(initialTui(3, 9).cursor, 2);
});

t('arrows, vim letters, Enter, Esc and q map to keys; others to null', () => {
  assert.is(toTuiKey('', { upArrow: true }), 'up');
  assert.is(toTuiKey('j', {}), 'down');
  assert.is(toTuiKey('k', {}), 'up');
  assert.is(toTuiKey('l', {}), 'right');
  assert.is(toTuiKey('h', {}), 'left');
  assert.is(toTuiKey('', { return: true }), 'open');
  assert.is(toTuiKey('', { escape: true }), 'back');
  assert.is(toTuiKey('q', {}), 'quit');
  assert.is(toTuiKey('d', {}), 'diff');
  assert.is(toTuiKey('x', {}), null);
});

t('the window keeps the focus visible and never runs past the end', () => {
  assert.equal(visibleWindow(5, 4, 10), { start: 0, end: 5 });
  assert.equal(visibleWindow(100, 0, 10), { start: 0, end: 10 });
  assert.equal(visibleWindow(100, 50, 10), { start: 45, end: 55 });
  assert.equal(visibleWindow(100, 99, 10), { start: 90, end: 100 });
});

t.run();
